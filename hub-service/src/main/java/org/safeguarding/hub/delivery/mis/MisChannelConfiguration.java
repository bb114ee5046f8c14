package org.safeguarding.hub.delivery.mis;

import java.time.Clock;
import org.safeguarding.hub.routes.mis.EndpointAddresses;
import org.safeguarding.hub.routes.mis.RetryBackoff;
import org.safeguarding.hub.routes.mis.WebhookSender;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MIS channel's parts from hub.mis.* (and hub.broker.*'s backoff, which every channel's retries follow). */
@Configuration(proxyBeanMethods = false)
public class MisChannelConfiguration {

    @Bean
    EndpointAddresses endpointAddresses(HubProperties hub) {
        return new EndpointAddresses(hub.mis().httpAllowedHosts(), hub.mis().allowPrivateAddresses());
    }

    @Bean
    WebhookSender webhookSender(EndpointAddresses addresses, HubProperties hub, Clock clock) {
        return new WebhookSender(addresses, hub.mis().timeout(), clock);
    }

    @Bean
    RetryBackoff misRetryBackoff(HubProperties hub) {
        var broker = hub.broker();
        return new RetryBackoff(broker.redeliveryDelay(), broker.redeliveryMultiplier(), broker.maxRedeliveryDelay(),
                broker.maxDeliveryAttempts());
    }
}
