package org.safeguarding.hub.demo.notify;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** What each mobile number received from the Notify simulator, newest first: the texts as the phones show them. */
@Controller
@ConditionalOnProperty(name = "hub.sms.simulator.enabled", havingValue = "true")
class DemoPhoneController {

    private final NotifySimulator simulator;

    DemoPhoneController(NotifySimulator simulator) {
        this.simulator = simulator;
    }

    @GetMapping("/demo/phone")
    String phone(Model model) {
        Map<String, List<NotifySimulator.Text>> byNumber = new TreeMap<>();
        simulator.texts().stream().sorted(Comparator.comparing(NotifySimulator.Text::createdAt).reversed())
                .forEach(text -> byNumber.computeIfAbsent(text.phoneNumber(), n -> new java.util.ArrayList<>()).add(text));
        model.addAttribute("phones", byNumber);
        model.addAttribute("total", simulator.texts().size());
        return "demo/phone";
    }
}
