package org.safeguarding.hub.alert;

import jakarta.validation.Validator;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.safeguarding.hub.directory.Targeting;

/** The checks on an alert's content that bean validation cannot express: they depend on the time now. */
final class AlertRules {

    private AlertRules() {
    }

    /** A problem with one field of the content, for the form's inline error and the API's error list. */
    public record FieldProblem(String field, String message) {
    }

    /** What bean validation finds wrong with content, each problem named by its field's path. */
    static List<FieldProblem> violations(Validator validator, AlertContent content) {
        return validator.validate(content).stream()
                .map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage())).toList();
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

    /**
     * An update goes to the schools the alert went to, on the same channels, and an exercise stays an exercise (and
     * a real alert real): recipients who were told one thing must not be told another by a follow-up.
     */
    static List<FieldProblem> checkSameRecipients(AlertContent original, AlertContent update) {
        List<FieldProblem> problems = new ArrayList<>();
        if (update.target() != null && !sameSchools(original.target(), update.target())) {
            problems.add(new FieldProblem("target", "An update goes to the schools the alert went to: its targeting"
                    + " cannot change. Raise a new alert for other schools"));
        }
        if (!original.channels().equals(update.channels())) {
            problems.add(new FieldProblem("channels", "An update goes out the way the alert did: its channels cannot"
                    + " change"));
        }
        if (original.exercise() != update.exercise()) {
            problems.add(new FieldProblem("exercise", original.exercise()
                    ? "An update of an exercise is an exercise too" : "An update of a real alert cannot be an exercise"));
        }
        return problems;
    }

    private static boolean sameSchools(Targeting a, Targeting b) {
        return Set.copyOf(a.localAuthorities()).equals(Set.copyOf(b.localAuthorities()))
                && Set.copyOf(a.districts()).equals(Set.copyOf(b.districts()))
                && Set.copyOf(a.phases()).equals(Set.copyOf(b.phases()))
                && Set.copyOf(a.establishmentTypes()).equals(Set.copyOf(b.establishmentTypes()))
                && Set.copyOf(a.urns()).equals(Set.copyOf(b.urns()));
    }
}
