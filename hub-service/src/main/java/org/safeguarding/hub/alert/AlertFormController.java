package org.safeguarding.hub.alert;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import java.lang.reflect.RecordComponent;
import java.security.Principal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.alert.AlertRules.FieldProblem;
import org.safeguarding.hub.directory.DirectoryRepository;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The raise-an-alert journey: the form, check your answers (with who it will reach), submit for approval. A
 * continued form is saved as a draft, so nothing typed is lost and the check page can be revisited. Updating a sent
 * alert is the same journey on the same form, prefilled with what schools were told last, with who it goes to fixed.
 */
@Controller
class AlertFormController {

    /** Page order of the fields, for the error summary. */
    static final List<String> FIELDS = List.of("title", "summary", "adviceForSchools", "parentLetter", "severity",
            "category", "target", "urns", "channels", "ackDeadline", "expires", "exercise");

    /** Each limited text field's most characters, e.g. title 120. */
    static final Map<String, Integer> LIMITS = limits();

    private final AlertService alerts;
    private final AlertFollowUps followUps;
    private final AlertProgress progress;
    private final DirectoryRepository directory;
    private final Validator validator;
    private final ZoneId zone;

    AlertFormController(AlertService alerts, AlertFollowUps followUps, AlertProgress progress,
            DirectoryRepository directory, Validator validator, HubProperties hub) {
        this.alerts = alerts;
        this.followUps = followUps;
        this.progress = progress;
        this.directory = directory;
        this.validator = validator;
        this.zone = hub.timeZone();
    }

    @GetMapping("/alerts/new")
    String newAlert(Model model) {
        return form(model, AlertForm.blank(alerts.suggestedAckDeadline(Severity.SEVERE), alerts.suggestedExpiry(), zone),
                null, null, Map.of());
    }

    @PostMapping("/alerts/new")
    String create(@ModelAttribute AlertForm typed, Principal principal, Model model) {
        AlertForm form = withSuggestedDeadline(typed);
        AlertForm.Read read = form.read(zone);
        Map<String, String> errors = errors(read, false);
        if (errors.isEmpty()) {
            try {
                Alert alert = alerts.raise(read.content(), principal.getName(), false);
                return "redirect:/alerts/" + alert.id() + "/check";
            } catch (InvalidAlertException e) {
                errors = ordered(e.problems());
            }
        }
        return form(model, form, null, null, errors);
    }

    @GetMapping("/alerts/{id}/edit")
    String edit(@PathVariable long id, Principal principal, Model model) {
        Alert alert = alerts.get(id);
        // the same rule as saving it: another organisation's alert is not opened for editing
        alerts.checkSameOrganisation(alert, principal.getName(), "edit");
        return form(model, AlertForm.of(alert.content(), zone), alert, null, Map.of());
    }

    /** The form for an update of the alert {@code id} is (or belongs to), prefilled with what schools were told last. */
    @GetMapping("/alerts/{id}/update")
    String newUpdate(@PathVariable long id, Model model) {
        AlertChain chain = followUps.chain(id);
        AlertFollowUps.whyNotUpdatable(chain, id).ifPresent(why -> {
            throw new IllegalTransitionException(why);
        });
        return form(model, AlertForm.of(followUps.startingPoint(id), zone), null, chain.original(), Map.of());
    }

    @PostMapping("/alerts/{id}/update")
    String raiseUpdate(@PathVariable long id, @ModelAttribute AlertForm typed, Principal principal, Model model) {
        AlertForm form = withSuggestedDeadline(typed);
        AlertForm.Read read = form.read(zone);
        Map<String, String> errors = errors(read, true);
        if (errors.isEmpty()) {
            try {
                Alert update = followUps.raiseUpdate(id, AlertChanges.all(read.content()), principal.getName(), false);
                return "redirect:/alerts/" + update.id() + "/check";
            } catch (InvalidAlertException e) {
                errors = ordered(e.problems());
            }
        }
        return form(model, form, null, followUps.chain(id).original(), errors);
    }

    @PostMapping("/alerts/{id}/edit")
    String update(@PathVariable long id, @RequestParam int version, @ModelAttribute AlertForm typed,
            Principal principal, Model model, RedirectAttributes redirect) {
        AlertForm form = withSuggestedDeadline(typed);
        AlertForm.Read read = form.read(zone);
        Map<String, String> errors = errors(read, alerts.get(id).isFollowUp());
        if (errors.isEmpty()) {
            try {
                Alert saved = alerts.edit(id, version, read.content(), principal.getName());
                if (saved.status() == AlertStatus.AWAITING_APPROVAL) {
                    // saved unchanged: nothing to check again, it is still with the approvers
                    redirect.addFlashAttribute("done", "Nothing changed: " + saved.reference() + " is still awaiting approval");
                    return "redirect:/alerts/" + id;
                }
                return "redirect:/alerts/" + id + "/check";
            } catch (InvalidAlertException e) {
                errors = ordered(e.problems());
            }
        }
        return form(model, form, alerts.get(id), null, errors);
    }

    @GetMapping("/alerts/{id}/check")
    String check(@PathVariable long id, Model model) {
        Alert alert = alerts.get(id);
        model.addAttribute("alert", alert);
        model.addAttribute("recipients", alerts.recipients(alert));
        model.addAttribute("changes", UpdateComparison.of(followUps.chain(id), alert, zone));
        AlertPagesController.addOriginal(model, alert.isFollowUp() ? alerts.get(alert.referencesAlert()) : null,
                progress);
        return "alerts/check";
    }

    @PostMapping("/alerts/{id}/submit")
    String submit(@PathVariable long id, Principal principal, Model model) {
        try {
            alerts.submit(id, principal.getName());
        } catch (InvalidAlertException e) {
            model.addAttribute("submitErrors", e.problems());
            return check(id, model);
        }
        return "redirect:/alerts/" + id + "?submitted";
    }

    /** Are you sure: a discarded draft cannot be brought back. */
    @GetMapping("/alerts/{id}/discard")
    String confirmDiscard(@PathVariable long id, Principal principal, Model model) {
        Alert alert = alerts.get(id);
        alerts.discardable(alert, principal.getName());
        model.addAttribute("alert", alert);
        return "alerts/discard";
    }

    @PostMapping("/alerts/{id}/discard")
    String discard(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        Alert alert = alerts.get(id);
        alerts.discard(id, principal.getName());
        redirect.addFlashAttribute("done", "Draft " + alert.reference() + " discarded");
        return "redirect:/alerts";
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ModelAndView conflict(IllegalTransitionException e) {
        return AlertPagesController.problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(FourEyesException.class)
    ModelAndView notYours(FourEyesException e) {
        return AlertPagesController.problem(HttpStatus.FORBIDDEN, e.getMessage());
    }

    /**
     * @param alert the alert (or update) being changed, null for a new one
     * @param updating the alert a new update is for, null otherwise
     */
    private String form(Model model, AlertForm form, Alert alert, Alert updating, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("alert", alert);
        model.addAttribute("updating", updating);
        AlertPagesController.addOriginal(model, updating != null ? updating
                : alert != null && alert.isFollowUp() ? alerts.get(alert.referencesAlert()) : null, progress);
        model.addAttribute("errors", errors);
        model.addAttribute("severities", List.of(Severity.values()));
        model.addAttribute("categories", Category.values());
        model.addAttribute("channelOptions", List.of(Channel.values()));
        model.addAttribute("localAuthorityOptions", directory.localAuthorities());
        model.addAttribute("districtOptions", directory.districts());
        model.addAttribute("phaseOptions", directory.phases());
        model.addAttribute("typeOptions", directory.establishmentTypes());
        model.addAttribute("limits", LIMITS);
        model.addAttribute("badDateParts", form.badDateParts());
        Map<String, String> suggested = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            suggested.put(severity.name(), AlertForm.blank(alerts.suggestedAckDeadline(severity), alerts.suggestedExpiry(), zone)
                    .ackDeadlineFields());
        }
        model.addAttribute("suggestedDeadlines", suggested);
        return "alerts/form";
    }

    /** A deadline left empty is the severity's (see {@link AlertService#suggestedAckDeadline}), once one is chosen. */
    private AlertForm withSuggestedDeadline(AlertForm form) {
        if (!form.hasNoAckDeadline()) {
            return form;
        }
        return Arrays.stream(Severity.values()).filter(s -> s.name().equals(form.severity())).findFirst()
                .map(s -> form.withAckDeadline(alerts.suggestedAckDeadline(s), zone)).orElse(form);
    }

    /** The character limits of the content's text fields, from its bean validation, for the form's counts. */
    private static Map<String, Integer> limits() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (RecordComponent component : AlertContent.class.getRecordComponents()) {
            try {
                Size size = AlertContent.class.getDeclaredField(component.getName()).getAnnotation(Size.class);
                if (size != null) {
                    limits.put(component.getName(), size.max());
                }
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
        return Map.copyOf(limits);
    }

    /** Problems of the fields as typed, then of the content they make. First message per field, in page order. */
    private Map<String, String> errors(AlertForm.Read read, boolean followUp) {
        List<FieldProblem> problems = new ArrayList<>(read.problems());
        problems.addAll(alerts.problems(read.content(), followUp));
        for (FieldProblem violation : AlertRules.violations(validator, read.content())) {
            // the page has one error place for the targeting, and its own for the URNs
            String path = violation.field();
            String field = path.startsWith("target.urns") ? "urns" : path.startsWith("target") ? "target" : path;
            problems.add(new FieldProblem(field, violation.message()));
        }
        return ordered(problems);
    }

    static Map<String, String> ordered(List<FieldProblem> problems) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (String field : FIELDS) {
            problems.stream().filter(p -> p.field().equals(field)).findFirst()
                    .ifPresent(p -> byField.put(field, p.message()));
        }
        problems.stream().filter(p -> !byField.containsKey(p.field()))
                .forEach(p -> byField.putIfAbsent(p.field(), p.message()));
        return byField;
    }
}
