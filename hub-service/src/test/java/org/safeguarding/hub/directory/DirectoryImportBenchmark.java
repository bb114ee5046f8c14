package org.safeguarding.hub.directory;

import com.zaxxer.hikari.HikariDataSource;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.demo.SyntheticDirectory;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Figures, not a test: how fast and in how much heap {@link EstablishmentImport} takes a national-sized GIAS file.
 * Generates {@code rows} GIAS-shaped rows with {@link SyntheticDirectory} to a temporary file, then imports it twice
 * (all new, then all unchanged) into a fresh file-based H2 under {@code target/}, as the embedded default stores it.
 * The importer is wired by hand from the same classes the hub uses (Hikari pool, Flyway migrations, the hub's
 * default batch size); no web layer, broker or Camel runs, so the figures are for parsing, hashing and SQL only.
 * Run with {@code ./mvnw -B -q -pl hub-service -am -Pbenchmark -DskipTests verify}.
 */
public final class DirectoryImportBenchmark {

    private DirectoryImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Path work = Path.of(args.length > 1 ? args[1] : "target/benchmark").toAbsolutePath();
        Files.createDirectories(work);
        Files.deleteIfExists(work.resolve("directory.mv.db"));
        Files.deleteIfExists(work.resolve("directory.trace.db"));

        Path file = Files.createTempFile("gias-benchmark-", ".csv");
        try (HikariDataSource dataSource = new HikariDataSource()) {
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                new SyntheticDirectory(20261121L).write(rows, writer, null);
            }
            dataSource.setJdbcUrl("jdbc:h2:file:" + work.resolve("directory")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            dataSource.setUsername("sa");
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
            HubProperties hub = new Binder(new MapConfigurationPropertySource(Map.of("hub.public-base-url",
                    "http://localhost"))).bind("hub", HubProperties.class).get();
            EstablishmentImport establishmentImport = new EstablishmentImport(
                    new DirectoryRepository(JdbcClient.create(dataSource), new NamedParameterJdbcTemplate(dataSource)),
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                    new AuditTrail(JdbcClient.create(dataSource), Clock.systemUTC()), Clock.systemUTC(), hub);

            System.out.printf(Locale.ROOT, "GIAS import benchmark: %d rows, %.1f MiB file, batch size %d, "
                            + "H2 file database %s, Java %s, max heap %d MiB%n", rows, Files.size(file) / 1048576.0,
                    hub.directory().importBatchSize(), work.resolve("directory.mv.db"), Runtime.version(),
                    Runtime.getRuntime().maxMemory() / 1048576);
            ImportReport first = measure("first import (all new)", establishmentImport, file);
            ImportReport again = measure("re-import (all unchanged)", establishmentImport, file);
            if (first.imported() != rows || again.unchanged() != rows) {
                throw new IllegalStateException("Expected " + rows + " imported then unchanged, got " + first
                        + " then " + again);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Peak heap is the sum of each heap pool's peak since the reset just before the import: an upper bound on the
     * heap in use at any one moment, and it includes garbage the collector had not yet reclaimed.
     */
    private static ImportReport measure(String what, EstablishmentImport establishmentImport, Path file)
            throws Exception {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        ImportReport report;
        try (InputStream body = Files.newInputStream(file)) {
            report = establishmentImport.importCsv(body);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        int rows = report.imported() + report.updated() + report.unchanged() + report.rejected().size();
        System.out.printf(Locale.ROOT, "%-26s rows=%d (imported %d, updated %d, unchanged %d, rejected %d)  "
                        + "seconds=%.2f  rows/s=%.0f  peak heap=%.1f MiB%n", what + ":", rows, report.imported(),
                report.updated(), report.unchanged(), report.rejected().size(), seconds, rows / seconds,
                peak / 1048576.0);
        return report;
    }
}
