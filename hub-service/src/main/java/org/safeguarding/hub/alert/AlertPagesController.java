package org.safeguarding.hub.alert;

import java.security.Principal;
import java.util.List;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
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

/** One alert (with its history and its updates or cancel), and the approver's approve, reject, cancel. */
@Controller
class AlertPagesController {

    /** Schools not (yet) reached, and schools not (yet) confirmed, that the alert page lists by name. */
    static final int NOT_REACHED_LISTED = 500;

    private final AlertService alerts;
    private final AlertFollowUps followUps;
    private final AlertRepository repository;
    private final AuditTrail audit;
    private final AlertProgress progress;
    private final AlertViewers viewers;
    private final LiveProgress live;

    AlertPagesController(AlertService alerts, AlertFollowUps followUps, AlertRepository repository,
            AuditTrail audit, AlertProgress progress, AlertViewers viewers,
            LiveProgress live) {
        this.progress = progress;
        this.viewers = viewers;
        this.live = live;
        this.alerts = alerts;
        this.followUps = followUps;
        this.repository = repository;
        this.audit = audit;
    }

    @GetMapping("/alerts/{id}")
    String view(@PathVariable long id, Principal principal, Model model) {
        AlertChain chain = followUps.chain(id);
        Alert alert = chain.message(id);
        Account viewer = viewers.checkView(alert, principal.getName());
        Role role = viewer.role();
        List<AlertRepository.Author> authors = alerts.authors(alert);
        boolean involved = authors.stream().anyMatch(a -> a.username().equals(principal.getName()));
        model.addAttribute("alert", alert);
        model.addAttribute("authors", authors);
        model.addAttribute("recipients", alerts.recipients(alert));
        model.addAttribute("history", audit.find(AuditEvent.ALERT, Long.toString(id), 200));
        model.addAttribute("progress", live.of(alert));
        model.addAttribute("mayExport", viewers.mayExport(alert, viewer));
        model.addAttribute("confirmationsListed", LiveProgress.CONFIRMATIONS_LISTED);
        model.addAttribute("problems", progress.notReached(id, NOT_REACHED_LISTED));
        // a cancel or an all-clear asks schools to acknowledge nothing
        model.addAttribute("silentSchools", !alert.asksAcknowledgement() ? List.of()
                : progress.silentSchools(id, NOT_REACHED_LISTED));
        model.addAttribute("chaseStopped", chain.whyChasingStopped(alert).orElse(null));
        model.addAttribute("resolution", chain.resolution().or(chain::pendingResolution)
                .filter(r -> r.id() != id).orElse(null));
        model.addAttribute("canResolve", role == Role.APPROVER && AlertFollowUps.whyNotResolvable(chain, id).isEmpty());
        model.addAttribute("canDecide", role == Role.APPROVER && alert.status() == AlertStatus.AWAITING_APPROVAL && !involved);
        model.addAttribute("ownAlertAwaiting", role == Role.APPROVER && alert.status() == AlertStatus.AWAITING_APPROVAL && involved);
        model.addAttribute("canEdit", (role == Role.RAISER || role == Role.APPROVER) && alert.status().editable()
                && viewer.organisation().equals(alert.raisedByOrganisation()));
        addOriginal(model, chain.original(), progress);
        model.addAttribute("changes", UpdateComparison.of(chain, alert, alerts.zone()));
        model.addAttribute("supersededBy", chain.supersededBy(alert).orElse(null));
        model.addAttribute("cancellation", chain.cancellation().filter(c -> c.id() != id).orElse(null));
        model.addAttribute("pendingUpdate", chain.pendingUpdate().filter(u -> u.id() != id).orElse(null));
        model.addAttribute("canUpdate", (role == Role.RAISER || role == Role.APPROVER)
                && viewer.organisation().equals(chain.original().raisedByOrganisation())
                && AlertFollowUps.whyNotUpdatable(chain, id).isEmpty());
        model.addAttribute("canCancel", role == Role.APPROVER && AlertFollowUps.whyNotCancellable(chain, id).isEmpty());
        return "alerts/alert";
    }

    /**
     * "Approve and send" asks once more before it acts: one click must not send to every school. Says whom it goes to,
     * how many schools and by which channels; its button posts to the approve below.
     */
    @GetMapping("/alerts/{id}/approve")
    String approvePage(@PathVariable long id, Principal principal, Model model) {
        AlertChain chain = followUps.chain(id);
        Alert alert = chain.message(id);
        alert.status().check(AlertStatus.APPROVED, "approved");
        if (alerts.authors(alert).stream().anyMatch(a -> a.username().equals(principal.getName()))) {
            throw new FourEyesException("You wrote some of " + alert.reference() + ": someone else must approve it");
        }
        model.addAttribute("alert", alert);
        model.addAttribute("schools", alert.isFollowUp() ? progress.plannedSchools(chain.original().id())
                : alerts.recipients(alert).schools());
        return "alerts/approve";
    }

    @PostMapping("/alerts/{id}/approve")
    String approve(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        Alert alert = alerts.approve(id, principal.getName());
        redirect.addFlashAttribute("done", alert.reference() + " approved");
        return "redirect:/alerts/" + id;
    }

    @PostMapping("/alerts/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) String reason, Principal principal, Model model,
            RedirectAttributes redirect) {
        try {
            Alert alert = alerts.reject(id, principal.getName(), reason);
            redirect.addFlashAttribute("done", alert.reference() + " rejected");
            return "redirect:/alerts/" + id;
        } catch (InvalidAlertException e) {
            model.addAttribute("reasonError", e.problems().get(0).message());
            model.addAttribute("reason", reason);
            return view(id, principal, model);
        }
    }

    /** Cancelling: what it will do, the reason, and the button that does it. */
    @GetMapping("/alerts/{id}/cancel")
    String cancelPage(@PathVariable long id, Model model) {
        AlertChain chain = followUps.chain(id);
        AlertFollowUps.whyNotCancellable(chain, id).ifPresent(why -> {
            throw new IllegalTransitionException(why);
        });
        model.addAttribute("alert", chain.message(id));
        model.addAttribute("tellsSchools", AlertStatus.IN_FORCE.contains(chain.message(id).status()));
        addOriginal(model, chain.original(), progress);
        return "alerts/cancel";
    }

    @PostMapping("/alerts/{id}/cancel")
    String cancel(@PathVariable long id, @RequestParam(required = false) String reason, Principal principal,
            Model model, RedirectAttributes redirect) {
        try {
            Alert result = followUps.cancel(id, principal.getName(), reason);
            redirect.addFlashAttribute("done", result.id() == id ? result.reference() + " cancelled"
                    : result.reference() + " is on its way to the schools: the alert is withdrawn");
            return "redirect:/alerts/" + result.id();
        } catch (InvalidAlertException e) {
            model.addAttribute("reasonError", e.problems().get(0).message());
            model.addAttribute("reason", reason);
            return cancelPage(id, model);
        }
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ModelAndView conflict(IllegalTransitionException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(FourEyesException.class)
    ModelAndView fourEyes(FourEyesException e) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage());
    }

    /** The alert a page's update or cancel follows up, and how many schools it went to: they are whom it goes to. */
    static void addOriginal(Model model, Alert original, AlertProgress progress) {
        model.addAttribute("original", original);
        model.addAttribute("originalSchools", original == null ? 0 : progress.plannedSchools(original.id()));
    }

    static ModelAndView problem(HttpStatus status, String message) {
        ModelAndView page = new ModelAndView("alerts/problem", status);
        page.addObject("message", message);
        return page;
    }
}
