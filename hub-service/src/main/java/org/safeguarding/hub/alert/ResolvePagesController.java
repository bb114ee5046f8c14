package org.safeguarding.hub.alert;

import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Mark as resolved": an approver writes the closing message, which becomes an all-clear awaiting a second approver
 * (see {@link AlertFollowUps#resolve}); once approved it goes to every school the alert went to.
 */
@Controller
class ResolvePagesController {

    private final AlertFollowUps followUps;
    private final AlertProgress progress;

    ResolvePagesController(AlertFollowUps followUps, AlertProgress progress) {
        this.followUps = followUps;
        this.progress = progress;
    }

    @GetMapping("/alerts/{id}/resolve")
    String resolvePage(@PathVariable long id, Model model) {
        AlertChain chain = followUps.chain(id);
        AlertFollowUps.whyNotResolvable(chain, id).ifPresent(why -> {
            throw new IllegalTransitionException(why);
        });
        model.addAttribute("alert", chain.message(id));
        AlertPagesController.addOriginal(model, chain.original(), progress);
        return "alerts/resolve";
    }

    @PostMapping("/alerts/{id}/resolve")
    String resolve(@PathVariable long id, @RequestParam(required = false) String message, Principal principal,
            Model model, RedirectAttributes redirect) {
        try {
            Alert resolution = followUps.resolve(id, principal.getName(), message);
            redirect.addFlashAttribute("done", resolution.reference()
                    + " is awaiting approval: once another approver approves it, it goes to the schools");
            return "redirect:/alerts/" + resolution.id();
        } catch (InvalidAlertException e) {
            model.addAttribute("messageError", e.problems().get(0).message());
            model.addAttribute("message", message);
            return resolvePage(id, model);
        }
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ModelAndView conflict(IllegalTransitionException e) {
        return AlertPagesController.problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(FourEyesException.class)
    ModelAndView fourEyes(FourEyesException e) {
        return AlertPagesController.problem(HttpStatus.FORBIDDEN, e.getMessage());
    }
}
