package org.safeguarding.hub.alert;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an update changes, field by field, beside what schools had before it: so the approver of an update sees the
 * change, not only the result. Who it goes to and how cannot change in an update, so only the content is compared.
 */
final class UpdateComparison {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm", Locale.UK);

    /** One changed field: its label on the pages, the form field it is typed into, and its text before and after. */
    record Change(String label, String field, String before, String after) {
    }

    private UpdateComparison() {
    }

    /** The changes {@code message} makes to what schools were told before it; none for a message that is no update. */
    static List<Change> of(AlertChain chain, Alert message, ZoneId zone) {
        if (!AlertChain.UPDATE.equals(message.msgType())) {
            return List.of();
        }
        List<Alert> earlier = chain.earlierThan(message);
        return between(earlier.get(earlier.size() - 1).content(), message.content(), zone);
    }

    static List<Change> between(AlertContent before, AlertContent after, ZoneId zone) {
        List<Change> changes = new ArrayList<>();
        add(changes, "Title", "title", before.title(), after.title());
        add(changes, "What happened", "summary", before.summary(), after.summary());
        add(changes, "Advice for schools", "adviceForSchools", before.adviceForSchools(), after.adviceForSchools());
        add(changes, "Letter for parents", "parentLetter", letter(before), letter(after));
        add(changes, "Severity", "severity", before.severity().label(), after.severity().label());
        add(changes, "Category", "category", before.category().label(), after.category().label());
        if (!before.ackDeadline().isEqual(after.ackDeadline())) {
            add(changes, "Acknowledge by", "ackDeadlineDay", when(before.ackDeadline(), zone), when(after.ackDeadline(), zone));
        }
        if (!before.expires().isEqual(after.expires())) {
            add(changes, "Expires", "expiresDay", when(before.expires(), zone), when(after.expires(), zone));
        }
        return changes;
    }

    private static void add(List<Change> changes, String label, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            changes.add(new Change(label, field, before, after));
        }
    }

    private static String letter(AlertContent content) {
        return content.parentLetter() == null ? "None" : content.parentLetter();
    }

    private static String when(OffsetDateTime at, ZoneId zone) {
        return WHEN.format(at.atZoneSameInstant(zone));
    }
}
