package org.safeguarding.hub.directory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.delivery.mis.MisEndpoints;
import org.safeguarding.hub.directory.CsvUpload.Header;
import org.safeguarding.hub.directory.CsvUpload.Row;
import org.safeguarding.hub.directory.ImportReport.RejectedRow;
import org.safeguarding.hub.routes.mis.EndpointAddresses;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports schools' MIS webhook endpoints ({@code URN,Url,Secret}), one per school: a row replaces the school's
 * endpoint and enables it again. A blank Secret has the hub generate one, which the answer shows once, for the admin
 * to give the school's MIS vendor; the hub never shows it again. A secret given is checked, never echoed.
 */
@Service
public class MisEndpointImport {

    private final DirectoryRepository directory;
    private final MisEndpoints endpoints;
    private final EndpointAddresses addresses;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final Clock clock;
    private final int batchSize;

    MisEndpointImport(DirectoryRepository directory, MisEndpoints endpoints, EndpointAddresses addresses,
            TransactionTemplate transactions, AuditTrail audit, Clock clock, HubProperties hub) {
        this.directory = directory;
        this.endpoints = endpoints;
        this.addresses = addresses;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.batchSize = hub.directory().importBatchSize();
    }

    /** DESIGN's answer: the import's counts and rejections, and each secret the hub generated, with its school. */
    /** As {@link ImportReport} (the first rejected rows listed, all counted), plus the secrets the hub generated. */
    public record Report(int imported, int updated, int unchanged, List<RejectedRow> rejected, int rejectedCount,
            List<GeneratedSecret> generatedSecrets) {

        /** Rejected rows counted but not listed. */
        public int unlistedRejections() {
            return rejectedCount - rejected.size();
        }

        String summary() {
            return "imported " + imported + ", updated " + updated + ", unchanged " + unchanged + ", rejected "
                    + rejectedCount + ", secrets generated " + generatedSecrets.size();
        }
    }

    public record GeneratedSecret(long urn, String secret) {
    }

    private record Line(long number, long urn, String url, String secret) {
    }

    public Report importCsv(InputStream body) throws IOException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        ImportCounts counts = new ImportCounts();
        List<GeneratedSecret> generated = new ArrayList<>();
        Map<Long, Line> batch = new LinkedHashMap<>();
        try (CsvUpload upload = CsvUpload.spool(body)) {
            upload.read(MisEndpointImport::checkHeader, row -> {
                Line line = parse(row, counts);
                if (line == null) {
                    return;
                }
                if (batch.containsKey(line.urn()) || batch.size() >= batchSize) {
                    write(batch, now, counts, generated);
                }
                batch.put(line.urn(), line);
            });
        } catch (IOException unreadable) {
            throw new InvalidDirectoryFileException(unreadable.getMessage(), unreadable);
        }
        write(batch, now, counts, generated);
        ImportReport tally = counts.report();
        // a URN is found unknown when its batch is written, after later lines' own problems: report them in file order
        Report report = new Report(tally.imported(), tally.updated(), tally.unchanged(), tally.rejected().stream()
                .sorted(java.util.Comparator.comparingLong(RejectedRow::line)).toList(), tally.rejectedCount(),
                List.copyOf(generated));
        audit.record(AuditAction.MIS_ENDPOINTS_IMPORTED, AuditEvent.DIRECTORY, null, report.summary());
        return report;
    }

    private static void checkHeader(Header header) {
        for (String column : List.of("URN", "Url", "Secret")) {
            if (!header.has(column)) {
                throw new InvalidDirectoryFileException("The file has no " + column
                        + " column: an MIS endpoints file has the header URN,Url,Secret");
            }
        }
    }

    private Line parse(Row row, ImportCounts counts) {
        String urnText = row.get("URN");
        String url = row.get("Url");
        String secret = row.get("Secret");
        String problem;
        long urn = 0;
        if (urnText == null) {
            problem = "URN is missing";
        } else if (!urnText.matches("\\d{1,12}")) {
            problem = "URN '" + (urnText.length() > 20 ? urnText.substring(0, 20) + "…" : urnText) + "' is not a number";
        } else if (url == null) {
            problem = "Url is missing";
        } else if (url.length() > 2000) {
            problem = "Url is longer than 2,000 characters";
        } else {
            urn = Long.parseLong(urnText);
            String refusal = addresses.refusal(url);
            problem = refusal != null ? "Url '" + clip(url) + "' is not usable: " + refusal
                    : secret == null ? null : MisEndpoints.secretProblem(secret);
        }
        if (problem != null) {
            counts.reject(row.line(), problem);
            return null;
        }
        return new Line(row.line(), urn, url, secret);
    }

    private void write(Map<Long, Line> batch, OffsetDateTime now, ImportCounts counts, List<GeneratedSecret> generated) {
        if (batch.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(tx -> {
            Set<Long> known = directory.existingUrns(batch.keySet());
            Map<Long, MisEndpoints.Stored> stored = endpoints.stored(known);
            for (Line line : batch.values()) {
                if (!known.contains(line.urn())) {
                    counts.reject(line.number(), "URN " + line.urn() + " is not in the school directory");
                    continue;
                }
                MisEndpoints.Stored before = stored.get(line.urn());
                // a blank secret keeps the school's secret when it has one: re-importing a file changes nothing
                String secret = line.secret() != null ? line.secret()
                        : before != null ? before.secret() : MisEndpoints.generateSecret();
                if (before == null) {
                    counts.imported(1);
                } else if (before.url().equals(line.url()) && before.secret().equals(secret) && before.enabled()) {
                    counts.unchanged(1);
                    continue;
                } else {
                    counts.updated(1);
                }
                if (line.secret() == null && before == null) {
                    generated.add(new GeneratedSecret(line.urn(), secret));
                }
                endpoints.save(line.urn(), line.url(), secret, now);
            }
        });
        batch.clear();
    }

    private static String clip(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }
}
