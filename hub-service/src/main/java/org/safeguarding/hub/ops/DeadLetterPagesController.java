package org.safeguarding.hub.ops;

import java.util.List;
import org.safeguarding.hub.ops.DeadLetters.Outcome;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The dead letters on a page of the ops dashboard, with the same re-drive and discard as the API. */
@Controller
class DeadLetterPagesController {

    private final DeadLetters deadLetters;

    DeadLetterPagesController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/ops/dead-letters")
    String list(Model model) {
        model.addAttribute("queues", deadLetters.list());
        model.addAttribute("listed", DeadLetters.LISTED);
        return "ops/dead-letters";
    }

    @PostMapping("/ops/dead-letters/{queue}/redrive")
    String redrive(@PathVariable String queue, @RequestParam(required = false) List<String> ids,
            @RequestParam(required = false) String all, RedirectAttributes redirect) {
        if (all == null && (ids == null || ids.isEmpty())) {
            redirect.addFlashAttribute("problem", "Choose the messages to re-drive, or re-drive them all");
            return "redirect:/ops/dead-letters";
        }
        Outcome done = deadLetters.redrive(origin(queue), all != null ? List.of() : ids);
        redirect.addFlashAttribute("done", done.messages() + " message(s) re-driven from " + queue + ": "
                + done.deliveries() + " deliveries queued again");
        return "redirect:/ops/dead-letters";
    }

    @PostMapping("/ops/dead-letters/{queue}/discard")
    String discard(@PathVariable String queue, @RequestParam(required = false) List<String> ids,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty() || reason == null || reason.isBlank()) {
            redirect.addFlashAttribute("problem", "Choose the messages to discard and say why");
            return "redirect:/ops/dead-letters";
        }
        Outcome done = deadLetters.discard(origin(queue), ids, reason.strip());
        redirect.addFlashAttribute("done", done.messages() + " message(s) discarded from " + queue);
        return "redirect:/ops/dead-letters";
    }

    private static String origin(String queue) {
        return DeadLetters.originOf(queue).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
