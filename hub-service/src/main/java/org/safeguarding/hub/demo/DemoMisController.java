package org.safeguarding.hub.demo;

import java.nio.charset.StandardCharsets;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The demo schools' simulated MIS ({@link DemoMis}): {@code POST /demo/mis/{urn}} is a school's webhook endpoint (no
 * account: the signature is what counts, as at a real MIS), {@code GET /demo/mis} lists what they received.
 */
@Controller
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
class DemoMisController {

    private final DemoMis mis;

    DemoMisController(DemoMis mis) {
        this.mis = mis;
    }

    @PostMapping(DemoMis.PATH + "{urn}")
    ResponseEntity<Void> webhook(@PathVariable long urn, @RequestBody byte[] body, HttpServletRequest request) {
        return ResponseEntity.status(mis.receive(urn, new String(body, StandardCharsets.UTF_8), request::getHeader))
                .build();
    }

    @GetMapping("/demo/mis")
    String received(Model model) {
        model.addAttribute("received", mis.received());
        model.addAttribute("kept", DemoMis.KEPT);
        return "demo/mis";
    }
}
