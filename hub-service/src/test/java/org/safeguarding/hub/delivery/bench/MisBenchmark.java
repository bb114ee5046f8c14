package org.safeguarding.hub.delivery.bench;

import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.demo.SyntheticDirectory;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.directory.MisEndpointImport;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Figures, not a test: one alert to the MIS of every school of a generated national-sized directory. The hub as the
 * embedded default runs (persistent embedded broker and file H2 under the work folder; demo off), {@code schools}
 * synthetic establishments imported, each open one with an MIS endpoint on a local receiver (a JDK HTTP server in
 * this JVM that verifies every signature with the Standard Webhooks library and counts what it accepted, at most once
 * per webhook-id), one alert for the whole area on the MIS channel approved; prints the time from approval to the
 * first webhook, deliveries/s and the time to the last, and the peak heap. Arguments after the first two are passed
 * to the hub (e.g. {@code --hub.mis.concurrent-consumers=16}).
 * Run with {@code ./mvnw -B -q -pl hub-service -am -Pmis-benchmark -DskipTests verify}.
 */
public final class MisBenchmark {

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

    private MisBenchmark() {
    }

    /** The schools' MIS: verifies, counts, answers 200. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final ExecutorService threads = Executors.newFixedThreadPool(32);
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final AtomicInteger invalid = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicLong first = new AtomicLong();
        final AtomicLong last = new AtomicLong();

        Receiver() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(threads);
            Webhook webhook = new Webhook(SECRET);
            server.createContext("/mis/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = Map.of(
                        "webhook-id", exchange.getRequestHeaders().getOrDefault("webhook-id", List.of()),
                        "webhook-timestamp", exchange.getRequestHeaders().getOrDefault("webhook-timestamp", List.of()),
                        "webhook-signature", exchange.getRequestHeaders().getOrDefault("webhook-signature", List.of()));
                int status = 200;
                try {
                    webhook.verify(body, headers);
                    long now = System.nanoTime();
                    first.compareAndSet(0, now);
                    last.set(now);
                    ids.add(headers.get("webhook-id").get(0));
                } catch (Exception e) {
                    invalid.incrementAndGet();
                    status = 401;
                }
                requests.incrementAndGet();
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url(long urn) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/mis/" + urn;
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    public static void main(String[] args) throws Exception {
        int schools = args.length > 0 ? Integer.parseInt(args[0]) : 22_000;
        Path work = Path.of(args.length > 1 ? args[1] : "target/mis-bench").toAbsolutePath();
        String[] hubSettings = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length) : new String[0];
        FanoutBenchmark.deleteRecursively(work);
        Files.createDirectories(work);

        try (Receiver receiver = new Receiver();
                ConfigurableApplicationContext hub = FanoutBenchmark.startHub(work, List.of(hubSettings))) {
            System.out.printf(Locale.ROOT, "MIS benchmark: %d schools, Java %s, %d cores, max heap %d MiB, "
                            + "hub.mis.concurrent-consumers=%s, hub.fanout.deliveries-per-message=%s, settings %s, "
                            + "load average %.1f%n", schools, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / 1048576,
                    hub.getEnvironment().getProperty("hub.mis.concurrent-consumers", "8"),
                    hub.getEnvironment().getProperty("hub.fanout.deliveries-per-message", "50"),
                    Arrays.toString(hubSettings), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            int endpoints = importDirectory(hub, schools, work, receiver);
            long alertId = FanoutBenchmark.raise(hub, Channel.MIS);

            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            System.gc();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            AlertService alerts = hub.getBean(AlertService.class);
            long cpuBefore = FanoutBenchmark.processCpuNanos();
            long approved = System.nanoTime();
            alerts.approve(alertId, FanoutBenchmark.APPROVER);
            await("alert " + alertId + " SENT").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> alerts.get(alertId).status() == AlertStatus.SENT);
            long sentAt = System.nanoTime();
            double cpuMs = (FanoutBenchmark.processCpuNanos() - cpuBefore) / 1e6;
            long peakHeap = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            int delivered = receiver.ids.size();
            double toFirst = FanoutBenchmark.seconds(approved, receiver.first.get());
            double toLast = FanoutBenchmark.seconds(approved, receiver.last.get());
            double rate = delivered / FanoutBenchmark.seconds(receiver.first.get(), receiver.last.get());
            System.out.printf(Locale.ROOT, "hub: %d webhooks to %d schools with endpoints (%d requests, %d bad "
                            + "signatures); approval->first webhook %.2f s; deliveries/s %.0f (first->last), %.0f "
                            + "(approval->last); approval->last %.2f s; approval->SENT %.2f s; peak heap %.1f MiB; "
                            + "CPU %.2f ms/webhook (hub and receiver)%n", delivered, endpoints, receiver.requests.get(),
                    receiver.invalid.get(), toFirst, rate, delivered / toLast, toLast,
                    FanoutBenchmark.seconds(approved, sentAt), peakHeap / 1048576.0, cpuMs / delivered);
            if (delivered != endpoints || receiver.invalid.get() > 0) {
                throw new IllegalStateException("expected " + endpoints + " webhooks with good signatures");
            }
        }
    }

    /** The synthetic establishments, and an endpoint on the receiver for every open one; @return how many. */
    private static int importDirectory(ConfigurableApplicationContext hub, int schools, Path work, Receiver receiver)
            throws Exception {
        Path gias = work.resolve("schools.csv");
        try (Writer establishments = Files.newBufferedWriter(gias, StandardCharsets.UTF_8);
                Writer people = Files.newBufferedWriter(work.resolve("contacts.csv"), StandardCharsets.UTF_8)) {
            new SyntheticDirectory(20261121L).write(schools, establishments, people);
        }
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(gias)) {
            hub.getBean(EstablishmentImport.class).importCsv(in);
        }
        List<Long> open = JdbcClient.create(hub.getBean(javax.sql.DataSource.class))
                .sql("select urn from establishment where status_code in ('1', '3') order by urn").query(Long.class)
                .list();
        StringBuilder csv = new StringBuilder("URN,Url,Secret\n");
        open.forEach(urn -> csv.append(urn).append(',').append(receiver.url(urn)).append(',').append(SECRET)
                .append('\n'));
        MisEndpointImport.Report report = hub.getBean(MisEndpointImport.class)
                .importCsv(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        System.out.printf(Locale.ROOT, "directory: %d establishments, %d MIS endpoints imported in %.1f s%n",
                schools, report.imported(), FanoutBenchmark.seconds(start, System.nanoTime()));
        FanoutBenchmark.ensureAccounts(hub);
        return report.imported();
    }
}
