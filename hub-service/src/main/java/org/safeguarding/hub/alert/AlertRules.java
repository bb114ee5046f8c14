package org.safeguarding.hub.alert;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The checks on an alert's content that bean validation cannot express: they depend on the time now. */
final class AlertRules {

    private AlertRules() {
    }

    /** A problem with one field of the content, for the form's inline error and the API's error list. */
    public record FieldProblem(String field, String message) {
    }

    static List<FieldProblem> check(AlertContent content, OffsetDateTime now) {
        List<FieldProblem> problems = new ArrayList<>();
        if (content.ackDeadline() != null && !content.ackDeadline().isAfter(now)) {
            problems.add(new FieldProblem("ackDeadline", "The acknowledgement deadline must be in the future"));
        }
        if (content.expires() != null && !content.expires().isAfter(now)) {
            problems.add(new FieldProblem("expires", "The expiry must be in the future"));
        } else if (content.expires() != null && content.ackDeadline() != null
                && content.expires().isBefore(content.ackDeadline())) {
            problems.add(new FieldProblem("expires", "The expiry must be after the acknowledgement deadline"));
        }
        if (content.target() != null && content.target().isEmpty()) {
            problems.add(new FieldProblem("target", "Choose which schools the alert is for"));
        }
        return problems;
    }
}
