package org.safeguarding.hub.delivery.bench;

import static org.awaitility.Awaitility.await;
import static org.safeguarding.hub.directory.DirectoryFiles.CONTACTS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.csv;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.demo.notify.NotifySimulator;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SMS figures, not a test (README "Benchmarks"): {@code texts} schools, each with a mobile of its own, get one SMS
 * alert through the hub's Notify simulator enforcing Notify's limits (3,000 a minute, 1,000 at once) with the hub's cap
 * at {@code hub.sms.max-per-minute} (2,850 here). Prints the rate achieved as a share of the hub's cap after the burst,
 * the 429s Notify answered, and texts failed.
 */
public final class SmsBenchmark {

    private SmsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int texts = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int cap = args.length > 1 ? Integer.parseInt(args[1]) : 2_850;
        String key = "bench-7c3e1a20-1b2c-4d5e-8f90-a1b2c3d4e5f6-0f1e2d3c-4b5a-4968-8776-655443322110";
        String template = "2b6a4d1c-7e8f-4a9b-b0c1-d2e3f4a5b6c7";
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(AlertHubApplication.class)
                .profiles("test").run(
                        "--server.address=127.0.0.1", "--server.port=0", "--hub.outbox.poll-interval=200",
                        "--logging.level.root=WARN",
                        "--hub.sms.enabled=true", "--hub.sms.max-per-minute=" + cap, "--hub.sms.burst=1000",
                        "--hub.sms.simulator.enabled=true", "--hub.sms.simulator.per-minute=3000",
                        "--hub.sms.simulator.burst=1000", "--hub.sms.simulator.receipt-delay=200ms",
                        "--hub.sms.notify.base-url=http://127.0.0.1:${local.server.port}/demo/notify",
                        "--hub.sms.notify.api-key=" + key, "--hub.sms.notify.template-id=" + template,
                        "--hub.sms.notify.callback-token=bench-token",
                        "--hub.sms.simulator.api-key=" + key, "--hub.sms.simulator.template-id=" + template,
                        "--hub.sms.simulator.callback-url=http://127.0.0.1:${local.server.port}/api/v1/sms/receipts",
                        "--hub.sms.simulator.callback-token=bench-token")) {
            List<String> schools = new ArrayList<>(List.of(GIAS_HEADER));
            List<String> contacts = new ArrayList<>(List.of(CONTACTS_HEADER));
            for (int i = 0; i < texts; i++) {
                long urn = 7_000_001 + i;
                schools.add("%d,871,Benchshire,Bench School %d,1,Community school,1,Open,2,Primary,,TE1 1ST"
                        .formatted(urn, urn));
                contacts.add(urn + ",DSL,Dana " + urn + ",dsl@school" + urn + ".sch.example,07700" + (100_000 + i));
            }
            hub.getBean(EstablishmentImport.class).importCsv(csv(schools.toArray(String[]::new)));
            hub.getBean(ContactImport.class).importCsv(csv(contacts.toArray(String[]::new)));

            Map<String, Object> alert = HubApi.alert("871", "SMS benchmark", "a benchmark", true);
            alert.put("channels", List.of("SMS"));
            long alertId = new HubApi(hub).raiseAndApprove(alert).get("id").asLong();
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.sql(
                    "select count(*) from sms_text where alert_id = :id and status not in ('QUEUED', 'RETRYING')")
                    .param("id", alertId).query(Integer.class).single() == texts);

            NotifySimulator notify = hub.getBean(NotifySimulator.class);
            List<Instant> accepted = notify.texts().stream().map(NotifySimulator.Text::createdAt).sorted().toList();
            double seconds = Duration.between(accepted.get(0), accepted.get(accepted.size() - 1)).toMillis() / 1000.0;
            double afterBurstPerMinute = (texts - 1000) / seconds * 60;
            int failed = jdbc.sql("select count(*) from sms_text where alert_id = :id and status = 'FAILED'")
                    .param("id", alertId).query(Integer.class).single();
            System.out.printf(Locale.ROOT, "SMS benchmark: %d texts through the Notify simulator (3,000/min, burst 1,000),"
                            + " hub cap %d/min (burst 1,000), %d cores, load average %.1f%n", texts, cap,
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf(Locale.ROOT, "first->last accepted %.1f s; after the burst %.0f texts/min = %.1f %% of the"
                            + " hub's cap; peak in any 60 s %d; 429s seen %d; texts failed %d; texts accepted %d%n",
                    seconds, afterBurstPerMinute, 100 * afterBurstPerMinute / cap, notify.peakPerMinute(),
                    notify.rateLimited(), failed, accepted.size());
        }
    }
}
