package org.safeguarding.hub.demo.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The embedded GOV.UK Notify simulator, {@code hub.sms.simulator.*} (README: SMS). */
@ConfigurationProperties("hub.sms.simulator")
public record NotifySimulatorProperties(
        @DefaultValue("false") boolean enabled,
        /** The one API key it accepts, {name}-{serviceId}-{secret}. */
        String apiKey,
        /** The one template it has (body ((body))). */
        String templateId,
        /** Notify's token bucket: refilled at this many a minute, holding at most {@code burst}. */
        @DefaultValue("3000") int perMinute,
        @DefaultValue("1000") int burst,
        /** Texts a day (UTC) before 429 TooManyRequestsError. */
        @DefaultValue("250000") int dailyLimit,
        /** How long after accepting a text its delivery receipt is posted; {@code sendReceipts=false}: never. */
        @DefaultValue("500ms") Duration receiptDelay,
        @DefaultValue("true") boolean sendReceipts,
        /** Where receipts go, with this bearer token (the hub's own callback in the embedded default). */
        String callbackUrl,
        String callbackToken,
        /** Notify's request/response schemas (shared data's notify-v2-notification-schemas.json); unset: not checked. */
        String schemas) {
}
