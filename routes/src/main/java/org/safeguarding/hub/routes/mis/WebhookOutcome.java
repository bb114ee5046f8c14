package org.safeguarding.hub.routes.mis;

import java.time.Duration;

/**
 * What became of one webhook, for the ledger. {@code error} says what went wrong, when something did;
 * {@code retryAfter} is the receiver's Retry-After, when it gave one.
 */
public record WebhookOutcome(OutgoingWebhook webhook, Fate fate, String error, Duration retryAfter) {

    public enum Fate {
        /** The endpoint answered 2xx: the school's MIS has it. */
        DELIVERED,
        /** 429, 5xx, a timeout or a refused connection: tried again after a backoff. */
        RETRYING,
        /** The endpoint answered 410 Gone: the school's endpoint is disabled, and this delivery failed. */
        GONE,
        /** Any other answer, or an address the hub refuses to call: never retried. */
        FAILED,
        /** Still failing on the last attempt: recorded FAILED and parked on the dead-letter queue. */
        GAVE_UP
    }

    public static WebhookOutcome of(OutgoingWebhook webhook, Fate fate, String error) {
        return new WebhookOutcome(webhook, fate, error, null);
    }
}
