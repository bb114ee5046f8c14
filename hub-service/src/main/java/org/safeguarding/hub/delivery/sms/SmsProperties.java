package org.safeguarding.hub.delivery.sms;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/** The SMS channel's settings, {@code hub.sms.*}; each key is documented in the README. */
@Validated
@ConfigurationProperties("hub.sms")
public record SmsProperties(
        /** Off: SMS deliveries are recorded UNREACHABLE, saying SMS is not enabled, and nothing talks to Notify. */
        @DefaultValue("false") boolean enabled,
        /** Texts per minute for the whole deployment, every instance together (Notify allows 3,000). */
        @Min(1) @DefaultValue("2700") int maxPerMinute,
        /** Texts that may go at once before the per-minute rate applies (Notify's token bucket holds 1,000). */
        @Min(1) @DefaultValue("1000") int burst,
        /** Consumers of hub.deliveries.sms per instance. */
        @Min(1) @DefaultValue("4") int concurrentConsumers,
        /** A text Notify accepted whose receipt has not come after this is looked up at Notify. */
        @NotNull @DefaultValue("30m") Duration receiptTimeout,
        /** First wait after a 429 RateLimitError, doubled for each of {@code rateLimitRetries} more tries in place. */
        @NotNull @DefaultValue("500ms") Duration rateLimitBackoff,
        @Min(0) @DefaultValue("6") int rateLimitRetries,
        @Valid @NotNull @DefaultValue @Name("notify") Notify govukNotify) {

    public record Notify(
            /** Notify's API, e.g. https://api.notifications.service.gov.uk; the client adds /v2/notifications/sms. */
            String baseUrl,
            /** Notify's API key, {name}-{serviceId}-{secret}. */
            String apiKey,
            /** A Notify SMS template whose whole body is ((body)): the hub writes the words. */
            String templateId,
            /** The bearer token Notify sends with each delivery receipt (set on Notify's callback settings). */
            String callbackToken,
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("15s") Duration readTimeout) {
    }
}
