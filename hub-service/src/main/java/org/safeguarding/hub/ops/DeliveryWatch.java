package org.safeguarding.hub.ops;

import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * What ops watch besides each alert's own progress: approved alerts the relay has not yet published, deliveries
 * waiting to be tried again, failures and why, and messages the broker has parked as dead letters.
 */
@Component
class DeliveryWatch {

    /** Counting dead letters browses them: stop here, it is already a number to act on. */
    static final int PARKED_COUNTED = 1000;

    private final JdbcClient jdbc;
    private final JmsTemplate jms;
    private final Clock clock;
    private final String deadLetterAddress;

    DeliveryWatch(JdbcClient jdbc, JmsTemplate jms, Clock clock, HubProperties hub) {
        this.jdbc = jdbc;
        this.jms = jms;
        this.clock = clock;
        this.deadLetterAddress = hub.broker().deadLetterAddress();
    }

    /** Approved alerts waiting for the outbox relay, and how long the oldest has waited (null when none). */
    record Unpublished(int alerts, Duration oldestWaiting) {
    }

    Unpublished unpublished() {
        return jdbc.sql("select count(*) as n, min(created_at) as oldest from alert_outbox where published_at is null")
                .query((rs, n) -> {
                    OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
                    return new Unpublished(rs.getInt("n"),
                            oldest == null ? null : Duration.between(oldest, OffsetDateTime.now(clock)));
                }).single();
    }

    int retrying() {
        return jdbc.sql("select count(*) from delivery where status = 'RETRYING'").query(Integer.class).single();
    }

    record Failure(String error, int deliveries) {
    }

    /** The commonest reasons deliveries failed in the last {@code period}: one bad server shows as one line. */
    List<Failure> failures(Duration period, int limit) {
        return jdbc.sql("""
                select coalesce(last_error, 'no reason recorded') as error, count(*) as n from delivery
                where status = 'FAILED' and updated_at > :since
                group by coalesce(last_error, 'no reason recorded') order by n desc, error limit :limit""")
                .param("since", OffsetDateTime.now(clock).minus(period)).param("limit", limit)
                .query((rs, n) -> new Failure(rs.getString("error"), rs.getInt("n"))).list();
    }

    /** What the broker holds on each hub queue's dead-letter queue, up to {@link #PARKED_COUNTED}; -1: unknown. */
    Map<String, Integer> parked() {
        Map<String, Integer> parked = new LinkedHashMap<>();
        for (String queue : HubQueues.ALL) {
            String deadLetters = HubQueues.deadLetterQueueOf(queue);
            try {
                // fully qualified: the queue DLQ.<queue> lives on the dead-letter address
                parked.put(deadLetters, jms.browse(deadLetterAddress + "::" + deadLetters, DeliveryWatch::count));
            } catch (JmsException unreachable) {
                parked.put(deadLetters, -1);
            }
        }
        return parked;
    }

    private static int count(jakarta.jms.Session session, QueueBrowser browser) throws JMSException {
        int n = 0;
        for (var messages = browser.getEnumeration(); messages.hasMoreElements() && n < PARKED_COUNTED; n++) {
            messages.nextElement();
        }
        return n;
    }

}
