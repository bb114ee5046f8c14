package org.safeguarding.hub.broker;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker of the default profile. Artemis's own default drops a message after 10 failed deliveries
 * when no dead-letter address is set, and remembers only 20,000 duplicate ids: neither is acceptable for alerts.
 * A standalone broker needs the same settings in its broker.xml (see docker/artemis/broker.xml).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
class EmbeddedBrokerConfiguration {

    @Bean
    ArtemisConfigurationCustomizer hubBrokerSettings(HubProperties hub) {
        HubProperties.Broker broker = hub.broker();
        return configuration -> {
            // Artemis's defaults, stated because the ledger relies on them: a send or a consumption the broker has
            // acknowledged is in the journal file before the acknowledgement (kill -9 loses nothing acknowledged)
            configuration.setJournalSyncTransactional(true);
            configuration.setJournalSyncNonTransactional(true);
            configuration.setIDCacheSize(broker.duplicateIdCacheSize());
            configuration.setPersistIDCache(true);
            configuration.addAddressSetting(HubQueues.FAMILY_MATCH, hubQueueSettings(broker));
            for (String queue : HubQueues.ALL) {
                configuration.addQueueConfiguration(QueueConfiguration.of(queue)
                        .setAddress(queue)
                        .setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true));
                configuration.addQueueConfiguration(parkingQueue(HubQueues.deadLetterQueueOf(queue),
                        broker.deadLetterAddress(), queue));
                configuration.addQueueConfiguration(parkingQueue("EXP." + queue, broker.expiryAddress(), queue));
            }
        };
    }

    /**
     * Creates up front the queue Artemis would auto-create on the first dead (or expired) message, with the same
     * filter. Left to auto-creation, a client that opens DLQ.&lt;queue&gt; by its plain name first (a console, a
     * route watching for failures) creates a look-alike queue on its own address, the DLA keeps no bindings, and
     * Artemis drops every dead letter (AMQ222148). Existing, the queue makes such a client fail loudly instead;
     * consumers use the fully qualified name, e.g. {@code DLA::DLQ.hub.deliveries.email}.
     */
    static QueueConfiguration parkingQueue(String name, String address, String origin) {
        return QueueConfiguration.of(name)
                .setAddress(address)
                .setFilterString("_AMQ_ORIG_ADDRESS = '" + origin + "'")
                .setDurable(true);
    }

    static AddressSettings hubQueueSettings(HubProperties.Broker broker) {
        return new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(broker.deadLetterAddress()))
                .setAutoCreateDeadLetterResources(true)
                .setDeadLetterQueuePrefix(SimpleString.of("DLQ."))
                .setExpiryAddress(SimpleString.of(broker.expiryAddress()))
                .setAutoCreateExpiryResources(true)
                .setExpiryQueuePrefix(SimpleString.of("EXP."))
                .setMaxDeliveryAttempts(broker.maxDeliveryAttempts())
                .setRedeliveryDelay(broker.redeliveryDelay().toMillis())
                .setRedeliveryMultiplier(broker.redeliveryMultiplier())
                .setMaxRedeliveryDelay(broker.maxRedeliveryDelay().toMillis());
    }
}
