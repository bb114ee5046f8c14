package org.safeguarding.hub.directory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a GIAS establishment CSV: upsert by URN in batches, each batch its own transaction, so a national file
 * streams through in bounded memory and a re-run after a failure simply carries on. A closed school stays in the
 * directory, marked closed by its status.
 */
@Service
public class EstablishmentImport {

    private final DirectoryRepository directory;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final Clock clock;
    private final int batchSize;

    EstablishmentImport(DirectoryRepository directory, TransactionTemplate transactions, AuditTrail audit, Clock clock,
            HubProperties hub) {
        this.directory = directory;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.batchSize = hub.directory().importBatchSize();
    }

    public ImportReport importCsv(InputStream body) throws IOException {
        ImportCounts counts = new ImportCounts();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<Long, Establishment> batch = new LinkedHashMap<>();
        try (CsvUpload upload = CsvUpload.spool(body)) {
            upload.read(GiasRow::checkHeader, row -> {
                GiasRow.Parsed parsed = GiasRow.parse(row);
                if (parsed.rejection() != null) {
                    counts.reject(row.line(), parsed.rejection());
                    return;
                }
                Establishment establishment = parsed.establishment();
                if (batch.containsKey(establishment.urn()) || batch.size() >= batchSize) {
                    write(batch, now, counts);
                }
                batch.put(establishment.urn(), establishment);
            });
        } catch (IOException unreadable) {
            throw new InvalidDirectoryFileException(unreadable.getMessage(), unreadable);
        }
        write(batch, now, counts);
        ImportReport report = counts.report();
        audit.record(AuditAction.SCHOOLS_IMPORTED, AuditEvent.DIRECTORY, null, report.summary());
        return report;
    }

    private void write(Map<Long, Establishment> batch, OffsetDateTime now, ImportCounts counts) {
        if (batch.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(tx -> {
            Map<Long, String> known = directory.contentHashes(batch.keySet());
            List<Establishment> inserts = new ArrayList<>();
            List<Establishment> updates = new ArrayList<>();
            List<Long> same = new ArrayList<>();
            Map<Long, String> hashes = new LinkedHashMap<>();
            for (Establishment establishment : batch.values()) {
                String hash = GiasRow.contentHash(establishment);
                hashes.put(establishment.urn(), hash);
                String previous = known.get(establishment.urn());
                if (previous == null) {
                    inserts.add(establishment);
                } else if (!previous.equals(hash)) {
                    updates.add(establishment);
                } else {
                    same.add(establishment.urn());
                }
            }
            directory.insertEstablishments(inserts, hashes, now);
            directory.updateEstablishments(updates, hashes, now);
            directory.touchEstablishments(same, now);
            counts.imported(inserts.size());
            counts.updated(updates.size());
            counts.unchanged(same.size());
        });
        batch.clear();
    }
}
