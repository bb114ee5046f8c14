package org.safeguarding.hub.retention;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code hub.retention.*}: how long personal data of people outside the partnership is kept (README, Retention). */
@Validated
@ConfigurationProperties("hub.retention")
public record RetentionProperties(
        /** Kept this long after the alert (or update, or cancel) expires, then removed. */
        @NotNull @DefaultValue("400d") Duration personalDataAfter,
        /** How often each instance's retention route looks for what is due (ms). */
        @DefaultValue("3600000") long pollInterval) {
}
