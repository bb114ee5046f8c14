package org.safeguarding.hub.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertChain;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.AlertFollowUps;
import org.springframework.stereotype.Component;

/**
 * What an email says about the message it carries, by its CAP msgType, and the one place that chooses its template:
 * an alert; an update (UPDATE in the subject, which message it replaces and what changed, acknowledgement asked
 * again); an all-clear (RESOLVED in the subject, its own template: over, the closing message, nothing to acknowledge);
 * a cancel (CANCELLED in the subject, its own template: withdrawn, why, nothing to acknowledge). An approved
 * message never changes, so the wording worked out for one school's email is kept for the next.
 */
@Component
class EmailWording {

    /** What an update can change, as the email names it, in the order the email reads. */
    private static final Map<String, Function<AlertContent, Object>> FIELDS = fields();

    private final AlertFollowUps followUps;
    private volatile Wording last;

    EmailWording(AlertFollowUps followUps) {
        this.followUps = followUps;
    }

    /**
     * The template (without .html / .txt), the subject's parts, and what the template needs beyond the alert itself.
     *
     * @param heading e.g. "UPDATE: SEVERE safeguarding alert WEX-2026-0007-U1"
     */
    record Wording(long alertId, String template, boolean exercise, String heading, String title,
            Map<String, Object> model) {

        /** EXERCISE first on an exercise, then {@code lead} (e.g. "REMINDER: "), the heading and {@code end} (null: the title). */
        String subject(String lead, String end) {
            return (exercise ? "EXERCISE: " : "") + lead + heading + ": " + (end == null ? title : end);
        }
    }

    Wording of(Alert alert) {
        Wording wording = last;
        if (wording == null || wording.alertId() != alert.id()) {
            wording = work(alert);
            last = wording;
        }
        return wording;
    }

    private Wording work(Alert alert) {
        AlertContent content = alert.content();
        Map<String, Object> model = new HashMap<>();
        String kind = alert.msgType() == null ? "Alert" : alert.msgType();
        model.put("update", AlertChain.UPDATE.equals(kind) && !alert.resolves());
        String template = "email/alert";
        String marker = "";
        if (alert.isFollowUp()) {
            AlertChain chain = followUps.chain(alert.id());
            List<Alert> earlier = chain.earlierThan(alert);
            Alert replaced = earlier.get(earlier.size() - 1);
            model.put("replacedReference", replaced.reference());
            model.put("originalReference", chain.original().reference());
            if (AlertChain.CANCEL.equals(kind)) {
                template = "email/cancel";
                marker = "CANCELLED: ";
                model.put("reason", alert.decisionReason());
            } else if (alert.resolves()) {
                template = "email/resolved";
                marker = "RESOLVED: ";
            } else {
                marker = "UPDATE: ";
                model.put("changed", changed(replaced.content(), content));
            }
        }
        return new Wording(alert.id(), template, content.exercise(),
                marker + content.severity().name() + " safeguarding alert " + alert.reference(), content.title(),
                Map.copyOf(model));
    }

    private static List<String> changed(AlertContent before, AlertContent after) {
        List<String> changed = new ArrayList<>();
        FIELDS.forEach((label, field) -> {
            if (!Objects.equals(field.apply(before), field.apply(after))) {
                changed.add(label);
            }
        });
        return changed;
    }

    private static Map<String, Function<AlertContent, Object>> fields() {
        Map<String, Function<AlertContent, Object>> fields = new LinkedHashMap<>();
        fields.put("the title", AlertContent::title);
        fields.put("what happened", AlertContent::summary);
        fields.put("what your school should do", AlertContent::adviceForSchools);
        fields.put("the letter for parents", AlertContent::parentLetter);
        fields.put("the severity", AlertContent::severity);
        fields.put("the category", AlertContent::category);
        fields.put("when to confirm by", c -> c.ackDeadline().toInstant());
        fields.put("when the alert expires", c -> c.expires().toInstant());
        return fields;
    }
}
