package org.safeguarding.hub.delivery.sms;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Clock;
import java.time.Duration;
import org.safeguarding.hub.routes.sms.NotifySender;
import org.safeguarding.hub.routes.sms.SmsDeliveries;
import org.safeguarding.hub.routes.sms.SmsDeliveryRoute;
import org.safeguarding.hub.routes.sms.SmsRateLimit;
import org.safeguarding.hub.routes.sms.SmsSending;
import org.safeguarding.hub.system.RateLimits;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The SMS channel's wiring: with {@code hub.sms.enabled}, the route consuming hub.deliveries.sms, Notify's client
 * and the deployment's cap. Receipts are always answered (a 401 or 5xx is better than a lost receipt).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
class SmsConfiguration {

    /**
     * Notify's receipts carry its bearer token, and the embedded Notify simulator's API its JWT, not a hub account: no
     * HTTP Basic, no session, no CSRF here; their controllers check the tokens. Ahead of the API's chain (Basic).
     */
    @Bean
    @Order(0)
    SecurityFilterChain notifyCallbacks(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/v1/sms/receipts", "/demo/notify/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    @ConditionalOnProperty(name = "hub.sms.enabled", havingValue = "true")
    SmsDeliveryRoute smsDeliveryRoute() {
        return new SmsDeliveryRoute();
    }

    /** The base URL is read when the first text goes: the embedded simulator's port is known only by then. */
    @Bean
    @ConditionalOnProperty(name = "hub.sms.enabled", havingValue = "true")
    NotifySender notifySender(SmsProperties sms, Environment environment) {
        return new NotifySender(() -> environment.getRequiredProperty("hub.sms.notify.base-url"),
                sms.govukNotify().apiKey(), sms.govukNotify().templateId(), sms.govukNotify().connectTimeout(),
                sms.govukNotify().readTimeout());
    }

    /** hub.sms.max-per-minute, after a burst of hub.sms.burst, for every instance together. */
    @Bean
    @ConditionalOnProperty(name = "hub.sms.enabled", havingValue = "true")
    SmsRateLimit smsRateLimit(RateLimits rateLimits, SmsProperties sms) {
        Bucket bucket = rateLimits.bucket("sms/notify", () -> BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(sms.burst())
                        .refillGreedy(sms.maxPerMinute(), Duration.ofMinutes(1)))
                .build());
        return () -> bucket.asBlocking().consume(1);
    }

    @Bean
    @ConditionalOnProperty(name = "hub.sms.enabled", havingValue = "true")
    SmsSending smsSending(NotifySender notify, SmsRateLimit cap, SmsDeliveries deliveries, Clock clock,
            SmsProperties sms) {
        return new SmsSending(notify, cap, deliveries, clock, sms.rateLimitBackoff(), sms.rateLimitRetries());
    }
}
