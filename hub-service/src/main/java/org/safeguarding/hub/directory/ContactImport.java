package org.safeguarding.hub.directory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.safeguarding.hub.directory.CsvUpload.Header;
import org.safeguarding.hub.directory.CsvUpload.Row;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports safeguarding contacts ({@code URN,Role,Name,Email,Mobile}). A contact is one person in one role at one
 * school. For every school the file lists, the file is the truth: contacts it no longer lists are retired, so a DSL
 * who has left stops receiving alerts. A school with a rejected row keeps its old contacts until the row is fixed,
 * so a typo never leaves a school without anyone to alert.
 */
@Service
public class ContactImport {

    private static final String ROLES = Arrays.stream(ContactRole.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private final DirectoryRepository directory;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final Clock clock;
    private final int batchSize;

    ContactImport(DirectoryRepository directory, TransactionTemplate transactions, AuditTrail audit, Clock clock,
            HubProperties hub) {
        this.directory = directory;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.batchSize = hub.directory().importBatchSize();
    }

    public ImportReport importCsv(InputStream body) throws IOException {
        String importId = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(clock);
        ImportCounts counts = new ImportCounts();
        Set<Long> listed = new HashSet<>();
        Set<Long> withRejections = new HashSet<>();
        // the URNs of rejected rows, kept only for schools in the directory: bounded by it, not by the file
        Set<Long> rejectedUrns = new HashSet<>();
        Map<String, Line> batch = new LinkedHashMap<>();
        try (CsvUpload upload = CsvUpload.spool(body)) {
            upload.read(ContactImport::checkHeader, row -> {
                Line line = parse(row);
                if (line.rejection() != null) {
                    counts.reject(row.line(), line.rejection());
                    if (line.urn() != null && rejectedUrns.add(line.urn()) && rejectedUrns.size() >= batchSize) {
                        keepKnown(rejectedUrns, withRejections);
                    }
                    return;
                }
                String key = DirectoryRepository.personKey(line.contact());
                if (batch.containsKey(key) || batch.size() >= batchSize) {
                    write(batch, importId, now, counts, listed);
                }
                batch.put(key, line);
            });
        } catch (IOException unreadable) {
            throw new InvalidDirectoryFileException(unreadable.getMessage(), unreadable);
        }
        write(batch, importId, now, counts, listed);
        keepKnown(rejectedUrns, withRejections);
        listed.removeAll(withRejections);
        retire(listed, importId, counts);
        ImportReport report = counts.report();
        audit.record(AuditAction.CONTACTS_IMPORTED, AuditEvent.DIRECTORY, null, report.summary());
        return report;
    }

    private static void checkHeader(Header header) {
        for (String column : List.of("URN", "Role", "Name", "Email", "Mobile")) {
            if (!header.has(column)) {
                throw new InvalidDirectoryFileException("The file has no " + column
                        + " column: a contacts file has the header URN,Role,Name,Email,Mobile");
            }
        }
    }

    private static Line parse(Row row) {
        String urnText = row.get("URN");
        if (urnText == null) {
            return Line.rejected(null, "URN is missing");
        }
        long urn;
        try {
            urn = Long.parseLong(urnText);
        } catch (NumberFormatException e) {
            return Line.rejected(null, "URN '" + clip(urnText) + "' is not a number");
        }
        String roleText = row.get("Role");
        if (roleText == null) {
            return Line.rejected(urn, "Role is missing: use one of " + ROLES);
        }
        ContactRole role;
        try {
            role = ContactRole.valueOf(roleText.toUpperCase(Locale.ROOT).replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            role = null;
        }
        if (role == null) {
            return Line.rejected(urn, "Role '" + clip(roleText) + "' is not one of " + ROLES);
        }
        String name = row.get("Name");
        if (name == null) {
            return Line.rejected(urn, "Name is missing");
        }
        if (name.length() > 200) {
            return Line.rejected(urn, "Name is longer than 200 characters");
        }
        String email = row.get("Email");
        if (email != null) {
            if (!ContactDetails.isEmail(email)) {
                return Line.rejected(urn, "Email '" + clip(email) + "' is not an email address");
            }
            email = ContactDetails.normaliseEmail(email);
        }
        String mobile = row.get("Mobile");
        if (mobile != null) {
            String e164 = ContactDetails.ukMobileE164(mobile);
            if (e164 == null) {
                return Line.rejected(urn, "Mobile '" + clip(mobile) + "' is not a UK mobile number");
            }
            mobile = e164;
        }
        if (email == null && mobile == null) {
            return Line.rejected(urn, "Neither Email nor Mobile is given: the contact could not be alerted");
        }
        return new Line(row.line(), urn, new SafeguardingContact(urn, role, name, email, mobile), null);
    }

    private void write(Map<String, Line> batch, String importId, OffsetDateTime now, ImportCounts counts,
            Set<Long> listed) {
        if (batch.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(tx -> {
            Set<Long> urns = batch.values().stream().map(Line::urn).collect(Collectors.toSet());
            Set<Long> known = directory.existingUrns(urns);
            Map<String, SafeguardingContact> stored = directory.contactsFor(known);
            List<SafeguardingContact> inserts = new ArrayList<>();
            List<SafeguardingContact> rewrites = new ArrayList<>();
            for (Map.Entry<String, Line> entry : batch.entrySet()) {
                Line line = entry.getValue();
                if (!known.contains(line.urn())) {
                    counts.reject(line.number(), "URN " + line.urn() + " is not in the school directory");
                    continue;
                }
                listed.add(line.urn());
                SafeguardingContact previous = stored.get(entry.getKey());
                if (previous == null) {
                    inserts.add(line.contact());
                    counts.imported(1);
                } else {
                    rewrites.add(line.contact());
                    if (previous.equals(line.contact())) {
                        counts.unchanged(1);
                    } else {
                        counts.updated(1);
                    }
                }
            }
            directory.insertContacts(inserts, importId, now);
            directory.updateContacts(rewrites, importId, now);
        });
        batch.clear();
    }

    private void keepKnown(Set<Long> urns, Set<Long> into) {
        if (!urns.isEmpty()) {
            into.addAll(directory.existingUrns(urns));
            urns.clear();
        }
    }

    private void retire(Set<Long> urns, String importId, ImportCounts counts) {
        List<Long> all = new ArrayList<>(urns);
        for (int from = 0; from < all.size(); from += batchSize) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + batchSize));
            counts.retired(transactions.execute(tx -> directory.retireContactsNotIn(chunk, importId)));
        }
    }

    private static String clip(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }

    private record Line(long number, Long urn, SafeguardingContact contact, String rejection) {

        static Line rejected(Long urn, String reason) {
            return new Line(0, urn, null, reason);
        }
    }
}
