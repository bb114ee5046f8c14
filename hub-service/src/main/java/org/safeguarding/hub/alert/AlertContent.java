package org.safeguarding.hub.alert;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.safeguarding.hub.directory.Targeting;
import java.util.Objects;
import java.util.Set;

/**
 * What the raiser writes: DESIGN's alert JSON. The same record backs the API, the form and CAP input, so the
 * limits are the same everywhere. Field messages are written for the GOV.UK error summary.
 */
public record AlertContent(
        @NotBlank(message = "Enter a title")
        @Size(max = 120, message = "Title must be 120 characters or fewer")
        String title,
        @NotBlank(message = "Enter what happened")
        @Size(max = 3000, message = "What happened must be 3,000 characters or fewer")
        String summary,
        @NotBlank(message = "Enter the advice for schools")
        @Size(max = 5000, message = "Advice for schools must be 5,000 characters or fewer")
        String adviceForSchools,
        @Size(max = 8000, message = "The letter for parents must be 8,000 characters or fewer")
        String parentLetter,
        @NotNull(message = "Select the severity")
        Severity severity,
        @NotNull(message = "Select a category")
        Category category,
        @NotNull(message = "Choose which schools the alert is for") @Valid
        Targeting target,
        @NotEmpty(message = "Select at least one channel")
        Set<Channel> channels,
        @NotNull(message = "Enter the acknowledgement deadline")
        OffsetDateTime ackDeadline,
        @NotNull(message = "Enter when the alert expires")
        OffsetDateTime expires,
        boolean exercise) {

    public AlertContent {
        title = strip(title);
        summary = strip(summary);
        adviceForSchools = strip(adviceForSchools);
        parentLetter = strip(parentLetter);
        if (parentLetter != null && parentLetter.isEmpty()) {
            parentLetter = null;
        }
        channels = channels == null ? Set.of() : Set.copyOf(channels);
    }

    public AlertContent withAckDeadline(OffsetDateTime deadline) {
        return new AlertContent(title, summary, adviceForSchools, parentLetter, severity, category, target, channels,
                deadline, expires, exercise);
    }

    /**
     * Whether {@code other} says the same: times as instants (a form types them in local time, the database gives
     * them back in UTC) and targeting values in any order. Saving the same content again is not an edit.
     */
    public boolean sameAs(AlertContent other) {
        return Objects.equals(title, other.title) && Objects.equals(summary, other.summary)
                && Objects.equals(adviceForSchools, other.adviceForSchools)
                && Objects.equals(parentLetter, other.parentLetter) && severity == other.severity
                && category == other.category && channels.equals(other.channels) && exercise == other.exercise
                && sameInstant(ackDeadline, other.ackDeadline) && sameInstant(expires, other.expires)
                && (target == null ? other.target == null : other.target != null && target.sameAs(other.target));
    }

    private static boolean sameInstant(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b == null : b != null && a.isEqual(b);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
