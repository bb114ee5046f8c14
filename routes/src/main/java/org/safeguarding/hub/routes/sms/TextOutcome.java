package org.safeguarding.hub.routes.sms;

import java.time.Instant;

/**
 * What became of one text of a batch, for the ledger: {@code notificationId} is Notify's id when it accepted the
 * text, {@code error} what went wrong when something did, {@code waitUntil} when a WAITING text may be tried again.
 */
public record TextOutcome(OutgoingText text, Fate fate, String notificationId, String error, Instant waitUntil) {

    public enum Fate {
        /** Notify accepted it (201); its receipt says later whether the phone got it. */
        SENT,
        /** A transient failure (5xx, network, timeout): the broker redelivers the batch after its backoff. */
        RETRYING,
        /** Notify refused it for good (a 4xx other than 429, e.g. ValidationError for a bad number). */
        FAILED,
        /** Still failing transiently on the last attempt: recorded FAILED and parked on the dead-letter queue. */
        GAVE_UP,
        /** Rate-limited or held by Notify's daily limit: tried again at {@code waitUntil}; never a failure. */
        WAITING
    }

    static TextOutcome sent(OutgoingText text, String notificationId) {
        return new TextOutcome(text, Fate.SENT, notificationId, null, null);
    }

    static TextOutcome of(OutgoingText text, Fate fate, String error) {
        return new TextOutcome(text, fate, null, error, null);
    }

    static TextOutcome waiting(OutgoingText text, String why, Instant until) {
        return new TextOutcome(text, Fate.WAITING, null, why, until);
    }
}
