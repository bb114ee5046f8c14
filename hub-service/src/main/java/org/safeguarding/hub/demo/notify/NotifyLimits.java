package org.safeguarding.hub.demo.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Notify's limits as the simulator keeps them: a daily limit (UTC days), then a token bucket refilled continuously at
 * {@code perMinute} and holding at most {@code burst}. Counts the 429s it gave and the most texts it let through in
 * any 60 seconds.
 */
final class NotifyLimits {

    static final String RATE_LIMIT = "RateLimitError";
    static final String DAILY_LIMIT = "TooManyRequestsError";

    private final int perMinute;
    private final int burst;
    private final int dailyLimit;
    private final Deque<Instant> lastMinute = new ArrayDeque<>();
    private double tokens;
    private Instant refilled;
    private LocalDate day;
    private int sentToday;
    private int refused;
    private int peakPerMinute;

    NotifyLimits(int perMinute, int burst, int dailyLimit, Instant now) {
        this.perMinute = perMinute;
        this.burst = burst;
        this.dailyLimit = dailyLimit;
        this.tokens = burst;
        this.refilled = now;
    }

    /** @return the error name of the 429 to answer, or null when the text may go */
    synchronized String take(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            sentToday = 0;
        }
        if (sentToday >= dailyLimit) {
            refused++;
            return DAILY_LIMIT;
        }
        tokens = Math.min(burst, tokens + Duration.between(refilled, now).toNanos() * perMinute / 60e9);
        refilled = now;
        if (tokens < 1) {
            refused++;
            return RATE_LIMIT;
        }
        tokens -= 1;
        sentToday++;
        lastMinute.addLast(now);
        while (!lastMinute.isEmpty() && lastMinute.peekFirst().isBefore(now.minusSeconds(60))) {
            lastMinute.removeFirst();
        }
        peakPerMinute = Math.max(peakPerMinute, lastMinute.size());
        return null;
    }

    String message(String error) {
        return RATE_LIMIT.equals(error)
                ? "Exceeded rate limit for key type LIVE of " + perMinute + " requests per 60 seconds"
                : "Exceeded send limits (" + dailyLimit + ") for today";
    }

    synchronized int refused() {
        return refused;
    }

    synchronized int peakPerMinute() {
        return peakPerMinute;
    }
}
