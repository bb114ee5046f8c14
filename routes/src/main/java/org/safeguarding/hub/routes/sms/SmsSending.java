package org.safeguarding.hub.routes.sms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safeguarding.hub.routes.sms.TextOutcome.Fate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch's texts one by one under the deployment's cap and classifies what Notify answers. A 429
 * {@code RateLimitError} is waiting, not failure: the text is tried again after a short backoff, and when Notify
 * stays busy it waits (WAITING, its batch re-queued for later). A 429 {@code TooManyRequestsError} is the daily
 * limit: SMS holds until midnight UTC on every instance. 5xx and network errors are retried by the broker; any other
 * 4xx is final.
 */
public class SmsSending {

    private static final Logger LOG = LoggerFactory.getLogger(SmsSending.class);

    private final NotifySender notify;
    private final SmsRateLimit cap;
    private final SmsDeliveries deliveries;
    private final Clock clock;
    private final Duration rateLimitBackoff;
    private final int rateLimitRetries;

    /**
     * @param rateLimitBackoff first wait after a RateLimitError, doubled each time
     * @param rateLimitRetries how often a rate-limited text is tried again in place before its batch waits
     */
    public SmsSending(NotifySender notify, SmsRateLimit cap, SmsDeliveries deliveries, Clock clock,
            Duration rateLimitBackoff, int rateLimitRetries) {
        this.notify = notify;
        this.cap = cap;
        this.deliveries = deliveries;
        this.clock = clock;
        this.rateLimitBackoff = rateLimitBackoff;
        this.rateLimitRetries = rateLimitRetries;
    }

    public List<TextOutcome> send(List<OutgoingText> texts, boolean lastAttempt) throws InterruptedException {
        List<TextOutcome> outcomes = new ArrayList<>();
        Optional<Instant> held = deliveries.heldUntil();
        for (OutgoingText text : texts) {
            if (held.isPresent()) {
                outcomes.add(TextOutcome.waiting(text, heldReason(held.get()), held.get()));
                continue;
            }
            TextOutcome outcome = sendOne(text, lastAttempt);
            if (outcome.fate() == Fate.WAITING && outcome.waitUntil() != null && isDailyLimit(outcome)) {
                held = Optional.of(outcome.waitUntil());
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private TextOutcome sendOne(OutgoingText text, boolean lastAttempt) throws InterruptedException {
        Duration backoff = rateLimitBackoff;
        for (int tries = 0; ; tries++) {
            cap.acquire();
            try {
                return TextOutcome.sent(text, notify.send(text));
            } catch (NotifyFailure refused) {
                if (refused.isDailyLimit()) {
                    Instant midnight = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1)
                            .atStartOfDay(ZoneOffset.UTC).toInstant();
                    deliveries.hold(midnight, refused.describe());
                    return TextOutcome.waiting(text, heldReason(midnight), midnight);
                }
                if (refused.isRateLimit()) {
                    if (tries >= rateLimitRetries) {
                        return TextOutcome.waiting(text, "Waiting: Notify's rate limit (" + refused.describe() + ")",
                                clock.instant().plus(Duration.ofMinutes(1)));
                    }
                    LOG.debug("Notify rate limit for {}: trying again in {}", text.reference(), backoff);
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2);
                    continue;
                }
                if (refused.isTransient()) {
                    return TextOutcome.of(text, lastAttempt ? Fate.GAVE_UP : Fate.RETRYING, refused.describe());
                }
                return TextOutcome.of(text, Fate.FAILED, refused.describe());
            }
        }
    }

    static final String HELD = "Held: Notify's daily limit is reached; SMS resumes at ";

    private static String heldReason(Instant until) {
        return HELD + until + " (midnight UTC)";
    }

    private static boolean isDailyLimit(TextOutcome outcome) {
        return outcome.error() != null && outcome.error().startsWith(HELD);
    }
}
