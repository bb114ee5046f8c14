package org.safeguarding.hub.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safeguarding.hub.delivery.DeliveryLedger;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.demo.notify.NotifySimulator;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.routes.sms.NotifySender;
import org.safeguarding.hub.routes.sms.OutgoingText;
import org.safeguarding.hub.routes.sms.SmsRateLimit;
import org.safeguarding.hub.support.HubsOnOnePostgres;
import org.safeguarding.hub.support.SharedData;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two hub instances (two Spring contexts, each with its own broker and SMS consumers) on one real PostgreSQL send one
 * alert's texts at once, half each, to one Notify simulator whose token bucket is a little above the hub's cap. The
 * cap is one Bucket4j bucket in PostgreSQL shared by both: Notify never has to say 429, and sending takes as long as
 * the cap says. Two instances each keeping its own cap would send at twice the rate and meet 429s at once.
 */
class SmsSharedCapPostgresTest {

    static final int NOTIFY_PER_MINUTE = 300;
    /** As the default (2,700 against Notify's 3,000): headroom for a request overtaking another on its way. */
    static final int HUB_PER_MINUTE = 270;
    static final int NOTIFY_BURST = 10;
    static final int BURST = 8;

    @RegisterExtension
    static final HubsOnOnePostgres HUBS = new HubsOnOnePostgres();
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void twoInstancesOnOnePostgres() throws Exception {
        first = start(List.of(
                "--hub.sms.simulator.enabled=true",
                "--hub.sms.simulator.per-minute=" + NOTIFY_PER_MINUTE,
                "--hub.sms.simulator.burst=" + NOTIFY_BURST,
                "--hub.sms.simulator.callback-url=http://127.0.0.1:${local.server.port}/api/v1/sms/receipts",
                "--hub.sms.simulator.callback-token=" + SmsChannelTest.CALLBACK_TOKEN,
                "--hub.sms.simulator.api-key=" + SmsChannelTest.API_KEY,
                "--hub.sms.simulator.template-id=" + SmsChannelTest.TEMPLATE,
                "--hub.sms.simulator.schemas=" + SharedData.path(SmsChannelTest.SCHEMAS),
                "--hub.sms.notify.base-url=http://127.0.0.1:${local.server.port}/demo/notify"));
        String simulator = "http://127.0.0.1:" + first.getEnvironment().getProperty("local.server.port") + "/demo/notify";
        second = start(List.of("--hub.sms.notify.base-url=" + simulator));
    }

    private static ConfigurableApplicationContext start(List<String> more) {
        List<String> args = new ArrayList<>(List.of(
                "--hub.outbox.initial-delay=3600000", // the test plans and queues the alert itself, half per instance
                "--hub.sms.enabled=true", "--hub.sms.max-per-minute=" + HUB_PER_MINUTE, "--hub.sms.burst=" + BURST,
                "--hub.sms.concurrent-consumers=4",
                "--hub.sms.notify.api-key=" + SmsChannelTest.API_KEY,
                "--hub.sms.notify.template-id=" + SmsChannelTest.TEMPLATE,
                "--hub.sms.notify.callback-token=" + SmsChannelTest.CALLBACK_TOKEN));
        args.addAll(more);
        return HUBS.start(args);
    }

    @Test
    void twoInstancesTogetherKeepToOneCap() throws Exception {
        SmsSchools schools = SmsSchools.importInto(first, "831", 8_310_001, 55, "07700900380");
        long alertId = new HubApi(first).raiseAndApprove(SmsChannelTest.smsAlert("831", "Two instances"))
                .get("id").asLong();
        first.getBean(DeliveryLedger.class).plan(alertId);
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        List<Long> deliveries = jdbc.sql("select id from delivery where alert_id = :id and status = 'QUEUED' order by id")
                .param("id", alertId).query(Long.class).list();
        int texts = (int) schools.numbers();
        assertThat(deliveries).hasSize(schools.textedTo().size());

        // each instance's first text waits for class loading and a connection after taking its token, and would
        // arrive bunched with later ones: one text each first, through the cap, as the route sends
        NotifySimulator notify = first.getBean(NotifySimulator.class);
        for (ConfigurableApplicationContext instance : List.of(first, second)) {
            instance.getBean(SmsRateLimit.class).acquire();
            instance.getBean(NotifySender.class).send(new OutgoingText(0, alertId, "07700900999", "warm-up"));
        }

        Instant start = Instant.now();
        for (int from = 0; from < deliveries.size(); from += 5) {
            List<Long> batch = deliveries.subList(from, Math.min(from + 5, deliveries.size()));
            ConfigurableApplicationContext instance = (from / 5) % 2 == 0 ? first : second;
            instance.getBean(ProducerTemplate.class).sendBody("jms:queue:" + HubQueues.DELIVERIES_SMS,
                    batch.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.sql(
                "select count(*) from sms_text where alert_id = :id and sent_at is not null").param("id", alertId)
                .query(Integer.class).single() == texts);
        Duration took = Duration.between(start, Instant.now());

        assertThat(notify.rateLimited()).as("Notify never had to refuse a text").isZero();
        assertThat(notify.texts()).as("each text once").hasSize(texts + 2);
        // after the burst, no faster than the cap: (texts - burst) at HUB_PER_MINUTE a minute
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis((texts - BURST) * 60_000L / HUB_PER_MINUTE - 500));
        assertThat(notify.peakPerMinute()).isLessThanOrEqualTo(BURST + HUB_PER_MINUTE);
        assertThat(jdbc.sql("select count(*) from bucket where id = 'sms/notify'").query(Integer.class).single())
                .as("the one bucket both instances share").isEqualTo(1);
        // receipts, posted to the first instance, reach every school's row in the shared ledger
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "select count(*) from delivery where alert_id = :id and status = 'DELIVERED'").param("id", alertId)
                .query(Integer.class).single() == schools.textedTo().size());
    }
}
