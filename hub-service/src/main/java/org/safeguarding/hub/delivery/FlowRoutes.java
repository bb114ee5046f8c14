package org.safeguarding.hub.delivery;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.safeguarding.hub.routes.chase.ChaseRoute;
import org.safeguarding.hub.routes.email.BounceRoute;
import org.safeguarding.hub.routes.email.EmailDeliveryRoute;
import org.safeguarding.hub.routes.email.ReusedSmtpConnections;
import org.safeguarding.hub.routes.fanout.ClaimSweepRoute;
import org.safeguarding.hub.routes.fanout.DeliveryDispatcher;
import org.safeguarding.hub.routes.fanout.EnrichmentRoute;
import org.safeguarding.hub.routes.mis.MisDeliveryRoute;
import org.safeguarding.hub.routes.mis.RetryBackoff;
import org.safeguarding.hub.routes.outbox.OutboxRelayRoute;
import org.safeguarding.hub.routes.retention.RetentionRoute;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the flow's RouteBuilders (module {@code routes}) into the application, in the order an alert travels:
 * outbox relay → enrichment → one delivery route per channel → the chase; then retention. Their tunables are {{placeholders}} of
 * hub.* and spring.mail.* settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
class FlowRoutes {

    @Bean
    OutboxRelayRoute outboxRelayRoute() {
        return new OutboxRelayRoute();
    }

    @Bean
    EnrichmentRoute enrichmentRoute() {
        return new EnrichmentRoute();
    }

    @Bean
    DeliveryDispatcher deliveryDispatcher(ConnectionFactory connectionFactory,
            @Value("${hub.fanout.deliveries-per-message}") int deliveriesPerMessage) {
        return new DeliveryDispatcher(connectionFactory, deliveriesPerMessage);
    }

    @Bean
    EmailDeliveryRoute emailDeliveryRoute() {
        return new EmailDeliveryRoute();
    }

    @Bean
    ClaimSweepRoute claimSweepRoute() {
        return new ClaimSweepRoute();
    }

    @Bean
    MisDeliveryRoute misDeliveryRoute(RetryBackoff misRetryBackoff, Clock clock) {
        return new MisDeliveryRoute(misRetryBackoff, clock);
    }

    @Bean
    ChaseRoute chaseRoute() {
        return new ChaseRoute();
    }

    /** Only where a bounce mailbox is configured (hub.email.bounces.host). */
    @Bean
    @ConditionalOnProperty("hub.email.bounces.host")
    BounceRoute bounceRoute() {
        return new BounceRoute();
    }

    @Bean
    RetentionRoute retentionRoute() {
        return new RetentionRoute();
    }

    /** SMTP for the email route, from Spring's spring.mail.* settings; one reused connection per consumer. */
    @Bean(destroyMethod = "close")
    ReusedSmtpConnections reusedSmtpConnections(MailProperties mail) {
        ReusedSmtpConnections sender = new ReusedSmtpConnections();
        sender.setHost(mail.getHost());
        sender.setPort(mail.getPort() == null ? 25 : mail.getPort());
        sender.setUsername(mail.getUsername());
        sender.setPassword(mail.getPassword());
        sender.setProtocol(mail.getProtocol());
        mail.getProperties().forEach(sender::addAdditionalJavaMailProperty);
        sender.addAdditionalJavaMailProperty("mail.smtp.connectiontimeout", "10000");
        sender.addAdditionalJavaMailProperty("mail.smtp.timeout", "30000");
        // a refused deputy address must not stop the DSL's copy: send to the addresses the server accepts
        sender.addAdditionalJavaMailProperty("mail.smtp.sendpartial", "true");
        if (mail.getUsername() != null) {
            sender.addAdditionalJavaMailProperty("mail.smtp.auth", "true");
        }
        return sender;
    }
}
