package org.safeguarding.hub.delivery.bench;

import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.alert.Category;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.demo.SyntheticDirectory;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.directory.ImportReport;
import org.safeguarding.hub.directory.Targeting;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Figures, not a test: one alert fanned out by email to a generated national-sized directory. Starts the hub as the
 * embedded default runs (persistent embedded broker and file H2, both under the work folder; demo off) against a
 * local SMTP sink ({@link CountingSmtpSink}), imports {@code schools} synthetic establishments with their contacts
 * through the real importers, raises an alert for the whole synthetic area and approves it, then prints the time from
 * approval to the first email the sink accepted, deliveries/s, the time to the last, and the peak heap. In the same
 * run, the same sink takes the same number of emails from a plain Jakarta Mail client ({@link RawSmtpClient}); the
 * ratio of the two rates is the hub's overhead. Arguments after the first two are passed to the hub (e.g.
 * {@code --hub.email.concurrent-consumers=16}).
 * Run with {@code ./mvnw -B -q -pl hub-service -am -Pfanout-benchmark -DskipTests verify}.
 */
public final class FanoutBenchmark {

    static final String RAISER = "bench-officer";
    static final String APPROVER = "bench-chair";
    /**
     * Schools confirming ({@link AckLoad}) while the fan-out runs and then, for {@link #QUIET_POSTS} more, with the
     * hub doing nothing else: -Dfanout.ack-clients=16; none by default.
     */
    private static final int ACK_CLIENTS = Integer.getInteger("fanout.ack-clients", 0);
    private static final int QUIET_POSTS = 3_000;
    /** Alerts fanned out one after another in the same hub (-Dfanout.alerts=3): the first meets a cold JVM. */
    private static final int ALERTS = Integer.getInteger("fanout.alerts", 1);
    /**
     * A round trip to the SMTP sink, as to a relay across a network ({@link DistantRelay}): -Dfanout.relay-ms=5;
     * 0, the sink on the same machine, by default.
     */
    private static final int RELAY_MS = Integer.getInteger("fanout.relay-ms", 0);
    /** The hub's database: the file H2 of the embedded default, or PostgreSQL (-Dfanout.database=postgresql). */
    private static final boolean POSTGRES = "postgresql".equals(System.getProperty("fanout.database", "h2"));

    private FanoutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int schools = args.length > 0 ? Integer.parseInt(args[0]) : 22_000;
        Path work = Path.of(args.length > 1 ? args[1] : "target/fanout-bench").toAbsolutePath();
        String[] hubSettings = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length) : new String[0];
        deleteRecursively(work);
        Files.createDirectories(work);

        try (EmbeddedPostgres postgres = POSTGRES ? EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1").setDataDirectory(work.resolve("postgres"))
                        .setCleanDataDirectory(true).start() : null;
                CountingSmtpSink sink = new CountingSmtpSink();
                DistantRelay relay = RELAY_MS > 0 ? new DistantRelay(sink.port(), RELAY_MS) : null;
                ConfigurableApplicationContext hub = startHub(work, relay == null ? sink.port() : relay.port(),
                        withDatabase(postgres, hubSettings))) {
            int consumers = hub.getEnvironment().getRequiredProperty("hub.email.concurrent-consumers", Integer.class);
            // the plain client sends where the hub sends: the sink, or the relay in front of it
            int smtpPort = hub.getEnvironment().getRequiredProperty("spring.mail.port", Integer.class);
            System.out.printf(Locale.ROOT, "Fan-out benchmark: %d schools, Java %s, %d cores, max heap %d MiB, "
                            + "hub.email.concurrent-consumers=%d, hub.fanout.batch-size=%s, settings %s, "
                            + "load average %.1f%n", schools, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / 1048576, consumers,
                    hub.getEnvironment().getProperty("hub.fanout.batch-size", "500"), Arrays.toString(hubSettings),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            importDirectory(hub, schools, work);
            int expected = JdbcClient.create(hub.getBean(javax.sql.DataSource.class)).sql("""
                    select count(*) from establishment e where e.status_code in ('1', '3') and exists
                      (select 1 from safeguarding_contact c where c.urn = e.urn and c.email is not null
                       and c.role in ('DSL', 'DEPUTY_DSL', 'HEAD'))""").query(Integer.class).single();
            for (int alert = 1; alert <= ALERTS; alert++) {
                fanOut(hub, sink, smtpPort, alert, schools, expected, consumers);
            }
        }
    }

    /**
     * Raises and approves one alert to every school and waits for it to be SENT; prints its figures. The first alert
     * of a run meets a hub fresh from start (code not yet compiled by the JIT); later ones meet a warm one.
     */
    private static void fanOut(ConfigurableApplicationContext hub, CountingSmtpSink sink, int smtpPort, int alert,
            int schools, int expected, int consumers) throws Exception {
        long alertId = raise(hub);
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        sink.reset();

        AlertService alerts = hub.getBean(AlertService.class);
        long cpuBefore = processCpuNanos();
        long databaseCpuBefore = postgresCpuNanos();
        long compileBefore = compileMillis();
        long approved = System.nanoTime();
        alerts.approve(alertId, APPROVER);
        try (AckLoad acks = ACK_CLIENTS > 0 ? new AckLoad(hub, alertId, ACK_CLIENTS, "fanout") : null) {
            await("alert " + alertId + " SENT").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> alerts.get(alertId).status() == AlertStatus.SENT);
        }
        long sentAt = System.nanoTime();
        double hubCpuMs = (processCpuNanos() - cpuBefore) / 1e6;
        double databaseCpuMs = (postgresCpuNanos() - databaseCpuBefore) / 1e6;
        double compileS = (compileMillis() - compileBefore) / 1e3;
        long peakHeap = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        int emails = sink.accepted();
        long recipients = sink.recipients();
        double toFirst = seconds(approved, sink.firstAcceptedNanos());
        double toLast = seconds(approved, sink.lastAcceptedNanos());
        double hubRate = emails / seconds(sink.firstAcceptedNanos(), sink.lastAcceptedNanos());
        System.out.printf(Locale.ROOT, "hub, alert %d: %d emails (%d recipients) to %d reachable open schools; "
                        + "approval->first email accepted %.2f s; deliveries/s %.0f (first->last), %.0f "
                        + "(approval->last); approval->last %.2f s; approval->SENT %.2f s; peak heap %.1f MiB; "
                        + "CPU %.2f ms/email; JIT compiling %.1f s meanwhile%n", alert, emails, recipients, expected,
                toFirst, hubRate, emails / toLast, toLast, seconds(approved, sentAt), peakHeap / 1048576.0,
                hubCpuMs / emails, compileS);
        if (emails != expected) {
            throw new IllegalStateException("expected " + expected + " emails, the sink accepted " + emails);
        }

        byte[] sample = sink.sample();
        sink.reset();
        long rawCpuBefore = processCpuNanos();
        long rawStart = System.nanoTime();
        RawSmtpClient.send(smtpPort, sample, emails, recipients - emails, consumers);
        double rawCpuMs = (processCpuNanos() - rawCpuBefore) / 1e6;
        double rawRate = emails / seconds(sink.firstAcceptedNanos(), sink.lastAcceptedNanos());
        System.out.printf(Locale.ROOT, "raw: %d emails (%d recipients, %d bytes each) from a plain Jakarta Mail "
                        + "client, %d connections: %.2f s; msgs/s %.0f (first->last); CPU %.2f ms/email%n",
                sink.accepted(), sink.recipients(), sample.length, consumers,
                seconds(rawStart, sink.lastAcceptedNanos()), rawRate, rawCpuMs / emails);
        System.out.printf(Locale.ROOT, "hub/raw: %.2f (hub %.0f deliveries/s, raw %.0f msgs/s); load average "
                + "now %.1f (other processes share these cores)%n", hubRate / rawRate, hubRate, rawRate,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // one line for scripts
        System.out.printf(Locale.ROOT, "fanout: database=%s alert=%d schools=%d emails=%d consumers=%d ack_clients=%d "
                        + "relay_ms=%d first_s=%.2f last_s=%.2f rate=%.0f raw_rate=%.0f ratio=%.2f heap_mib=%.1f "
                        + "cpu_ms=%.2f db_cpu_ms=%.2f raw_cpu_ms=%.2f jit_s=%.1f load=%.1f%n",
                POSTGRES ? "postgresql" : "h2", alert, schools, emails, consumers, ACK_CLIENTS, RELAY_MS, toFirst,
                toLast, hubRate, rawRate, hubRate / rawRate, peakHeap / 1048576.0, hubCpuMs / emails,
                databaseCpuMs / emails, rawCpuMs / emails, compileS,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (ACK_CLIENTS > 0) {
            // what acknowledging alone costs: the ceiling of the figure under the fan-out
            try (AckLoad acks = new AckLoad(hub, alertId, ACK_CLIENTS, "nothing")) {
                await("acknowledgements alone").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> acks.posts() >= QUIET_POSTS);
            }
        }
    }

    /**
     * PostgreSQL in place of the file H2 when asked for (-Dfanout.database=postgresql), with the connection pool the
     * prod profile gives PostgreSQL (application-prod.properties; the rest of that profile wants a real broker).
     */
    private static String[] withDatabase(EmbeddedPostgres postgres, String[] settings) throws Exception {
        if (postgres == null) {
            return settings;
        }
        Properties prod = new Properties();
        try (InputStream in = FanoutBenchmark.class.getResourceAsStream("/application-prod.properties")) {
            prod.load(in);
        }
        String pool = "spring.datasource.hikari.maximum-pool-size";
        List<String> all = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--" + pool + "=" + prod.getProperty(pool)));
        all.addAll(List.of(settings));
        return all.toArray(String[]::new);
    }

    private static ConfigurableApplicationContext startHub(Path work, int smtpPort, String[] settings) {
        List<String> args = new ArrayList<>(List.of("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort));
        args.addAll(List.of(settings));
        return startHub(work, args);
    }

    /** The hub as the embedded default runs it, its database and broker journal under {@code work}; demo off. */
    static ConfigurableApplicationContext startHub(Path work, List<String> settings) {
        List<String> args = new ArrayList<>();
        if (settings.stream().noneMatch(setting -> setting.startsWith("--spring.datasource.url="))) {
            args.add("--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/hub")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        }
        args.addAll(List.of(
                "--spring.artemis.embedded.data-directory=" + work.resolve("artemis"),
                "--hub.demo.enabled=false",
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off"));
        args.addAll(settings);
        return new SpringApplicationBuilder(AlertHubApplication.class).run(args.toArray(String[]::new));
    }

    private static void importDirectory(ConfigurableApplicationContext hub, int schools, Path work) throws Exception {
        Path gias = work.resolve("schools.csv");
        Path contacts = work.resolve("contacts.csv");
        try (Writer establishments = Files.newBufferedWriter(gias, StandardCharsets.UTF_8);
                Writer people = Files.newBufferedWriter(contacts, StandardCharsets.UTF_8)) {
            new SyntheticDirectory(20261121L).write(schools, establishments, people);
        }
        long start = System.nanoTime();
        ImportReport imported;
        ImportReport people;
        try (InputStream in = Files.newInputStream(gias)) {
            imported = hub.getBean(EstablishmentImport.class).importCsv(in);
        }
        try (InputStream in = Files.newInputStream(contacts)) {
            people = hub.getBean(ContactImport.class).importCsv(in);
        }
        System.out.printf(Locale.ROOT, "directory: %d establishments, %d contacts imported in %.1f s%n",
                imported.imported(), people.imported(), seconds(start, System.nanoTime()));
        ensureAccounts(hub);
    }

    /** The benchmark's raiser and approver. */
    static void ensureAccounts(ConfigurableApplicationContext hub) {
        AccountRepository accounts = hub.getBean(AccountRepository.class);
        PasswordEncoder passwords = hub.getBean(PasswordEncoder.class);
        TestAccounts.ensure(accounts, passwords, RAISER, Role.RAISER);
        TestAccounts.ensure(accounts, passwords, APPROVER, Role.APPROVER);
    }

    private static long raise(ConfigurableApplicationContext hub) {
        return raise(hub, Channel.EMAIL);
    }

    /** An alert on {@code channel} for every local authority of the synthetic area, awaiting approval. */
    static long raise(ConfigurableApplicationContext hub, Channel channel) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> area = SyntheticDirectory.AREA.stream().map(SyntheticDirectory.LocalAuthority::code).toList();
        AlertContent content = new AlertContent("Video-chat site: children coerced into exposure",
                "Police have seen children on a random video-chat site being coerced into exposing themselves.",
                "Tell parents today; use the letter below; report concerns to your designated safeguarding lead.",
                "Dear parents and carers, please talk with your child about video-chat sites.", Severity.SEVERE,
                Category.ONLINE_SAFETY, new Targeting(area, null, null, null, null), Set.of(channel),
                now.plusHours(8), now.plusDays(14), false);
        return hub.getBean(AlertService.class).raise(content, RAISER, true).id();
    }

    /** CPU time of this whole process (hub and sink alike): a figure other processes on the machine do not skew. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of the PostgreSQL processes on this machine (the embedded server's backends), from /proc: the
     * database's share of the work, outside this JVM; 0 with H2, which works inside it. Linux only, as the benchmark is.
     */
    static long postgresCpuNanos() {
        if (!POSTGRES) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (!Files.readString(process.resolve("comm")).strip().equals("postgres")) {
                        continue;
                    }
                    String stat = Files.readString(process.resolve("stat"));
                    // after "(comm) ": state is field 3, utime and stime fields 14 and 15
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException ended) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks * 10_000_000L; // USER_HZ, 100 on Linux
    }

    /** Time the JIT compilers have spent so far (elapsed, so it includes waiting for a core). */
    static long compileMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
