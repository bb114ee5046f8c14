package org.safeguarding.hub.chase;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * When each step of the chase is due, per severity: its time after the alert's acknowledgement deadline, but never
 * sooner after the step before it than the ladder spaces them (a reminder held by quiet hours, or by a hub that was
 * down, does not bring the next one forward), and outside quiet hours except for an EXTREME alert.
 */
@Component
public class ChaseLadder {

    private final HubProperties.Chase chase;
    private final ZoneId zone;

    ChaseLadder(HubProperties hub) {
        this.chase = hub.chase();
        this.zone = hub.timeZone();
    }

    /** The steps an alert of this severity climbs, in order; none when the severity is not chased. */
    public List<ChaseStep> steps(Severity severity) {
        return ChaseStep.firstSteps(ladder(severity).steps());
    }

    /**
     * @param previousTaken when the step before was taken; null for the first step, which follows the alert itself
     */
    public Instant due(Severity severity, Instant deadline, ChaseStep step, Instant previousTaken) {
        List<Duration> afterDeadline = ladder(severity).afterDeadline();
        Instant due = deadline.plus(afterDeadline.get(step.ordinal()));
        if (previousTaken != null) {
            Duration spacing = afterDeadline.get(step.ordinal()).minus(afterDeadline.get(step.ordinal() - 1));
            Instant spaced = previousTaken.plus(spacing);
            due = spaced.isAfter(due) ? spaced : due;
        }
        return severity == Severity.EXTREME ? due : outsideQuietHours(due);
    }

    /** {@code when}, or the end of the quiet hours it falls in. */
    Instant outsideQuietHours(Instant when) {
        LocalTime start = chase.quietHours().start();
        LocalTime end = chase.quietHours().end();
        ZonedDateTime local = when.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean acrossMidnight = end.isBefore(start);
        boolean quiet = acrossMidnight ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return when;
        }
        LocalDate today = local.toLocalDate();
        LocalDate endDay = acrossMidnight && !time.isBefore(start) ? today.plusDays(1) : today;
        return ZonedDateTime.of(endDay, end, zone).toInstant();
    }

    private HubProperties.Chase.Ladder ladder(Severity severity) {
        return switch (severity) {
            case EXTREME -> chase.extreme();
            case SEVERE -> chase.severe();
            case MODERATE -> chase.moderate();
            case MINOR -> chase.minor();
        };
    }
}
