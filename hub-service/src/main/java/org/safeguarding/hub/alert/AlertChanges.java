package org.safeguarding.hub.alert;

import java.time.OffsetDateTime;
import java.util.Set;
import org.safeguarding.hub.directory.Targeting;

/**
 * The body of an update: DESIGN's alert JSON with only what changes; a field left out keeps the value schools have
 * now. {@code parentLetter} "" removes the letter. Targeting, channels and the exercise flag cannot change (an
 * update goes to the schools the alert went to, the way it went), but may be repeated unchanged.
 */
public record AlertChanges(String title, String summary, String adviceForSchools, String parentLetter,
        Severity severity, Category category, Targeting target, Set<Channel> channels, OffsetDateTime ackDeadline,
        OffsetDateTime expires, Boolean exercise) {

    /** Every field given, as the update form sends them. */
    static AlertChanges all(AlertContent c) {
        return new AlertChanges(c.title(), c.summary(), c.adviceForSchools(),
                c.parentLetter() == null ? "" : c.parentLetter(), c.severity(), c.category(), c.target(), c.channels(),
                c.ackDeadline(), c.expires(), c.exercise());
    }

    AlertContent applyTo(AlertContent now) {
        return new AlertContent(or(title, now.title()), or(summary, now.summary()),
                or(adviceForSchools, now.adviceForSchools()), or(parentLetter, now.parentLetter()),
                or(severity, now.severity()), or(category, now.category()), or(target, now.target()),
                or(channels, now.channels()), or(ackDeadline, now.ackDeadline()), or(expires, now.expires()),
                or(exercise, now.exercise()));
    }

    private static <T> T or(T changed, T unchanged) {
        return changed == null ? unchanged : changed;
    }
}
