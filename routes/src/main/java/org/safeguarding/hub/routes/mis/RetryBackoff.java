package org.safeguarding.hub.routes.mis;

import java.time.Duration;

/**
 * How long the MIS channel waits before trying a webhook again: {@code first}, multiplied by {@code multiplier} after
 * each attempt, up to {@code max}; after {@code maxAttempts} attempts it gives up. The same hub.broker.* settings the
 * broker's redelivery of email batches uses.
 */
public record RetryBackoff(Duration first, double multiplier, Duration max, int maxAttempts) {

    /** The wait after attempt number {@code attempt} (1 = the first) failed. */
    public Duration after(int attempt) {
        double millis = first.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
