package org.safeguarding.hub.retention;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.audit.H2AppendOnlyTrigger;
import org.safeguarding.hub.routes.retention.RetentionPurge;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Storage limitation (UK GDPR Art. 5(1)(e); the ICO's guidance): once a message has been expired for
 * {@code hub.retention.personal-data-after}, the personal data of people outside the partnership that the hub kept
 * for it goes: the addresses and numbers each delivery went to (and any in its error text), the mobile numbers its
 * texts went to, the names, roles and free text typed into acknowledgements and their client addresses, and the
 * typed names in acknowledgement audit rows. Counts, outcomes and timings stay, so reports still add up. Client
 * addresses in the audit trail go after the same period whatever the row. One instance at a time (the job's row is
 * locked, others skip); each run is audited.
 */
@Service
public class RetentionService implements RetentionPurge {

    /** What a run removed. */
    public record Removed(int messages, int deliveries, int acknowledgements, int auditRows) {
        boolean nothing() {
            return messages == 0 && auditRows == 0;
        }
    }

    private static final int CHUNK = 500;
    private static final String REMOVED = "(removed under retention)";
    /** Email addresses and phone numbers inside free text, e.g. an SMTP refusal naming the address. */
    private static final Pattern CONTACT_DETAILS = Pattern.compile(
            "[^\\s<>,;:\"'()\\[\\]]+@[^\\s<>,;:\"'()\\[\\]]+|\\+?\\d[\\d ()-]{7,}\\d");

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final AuditTrail audit;
    private final RetentionProperties retention;
    private final Clock clock;

    RetentionService(JdbcClient jdbc, TransactionTemplate transaction, AuditTrail audit, RetentionProperties retention,
            Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.audit = audit;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public String purgeDue() {
        return run("system").map(Removed::toString).orElse("running on another instance");
    }

    /** Runs the purge now as {@code actor}; empty when another instance is running it. */
    public Optional<Removed> run(String actor) {
        return transaction.execute(status -> {
            boolean mine = jdbc.sql("select name from scheduled_job where name = 'retention' for update skip locked")
                    .query(String.class).optional().isPresent();
            if (!mine) {
                return Optional.empty();
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            OffsetDateTime cutoff = now.minus(retention.personalDataAfter());
            Removed removed = new Removed(0, 0, 0, 0);
            List<Long> due;
            while (!(due = jdbc.sql("""
                    select id from alert where expires < :cutoff and personal_data_removed_at is null
                    order by id limit :limit""").param("cutoff", cutoff).param("limit", CHUNK)
                    .query(Long.class).list()).isEmpty()) {
                removed = plus(removed, purge(due, now));
            }
            int auditAddresses = jdbc.sql("""
                    update audit_event set client_address = null
                    where occurred_at < :cutoff and client_address is not null""").param("cutoff", cutoff).update();
            removed = new Removed(removed.messages(), removed.deliveries(), removed.acknowledgements(),
                    removed.auditRows() + auditAddresses);
            jdbc.sql("update scheduled_job set last_run_at = :now where name = 'retention'").param("now", now).update();
            if (!removed.nothing() || !"system".equals(actor)) {
                audit.record(actor, null, AuditAction.RETENTION_RUN, AuditEvent.SYSTEM, "retention",
                        "personal data of messages expired before " + cutoff + " removed: " + removed.messages()
                                + " messages, " + removed.deliveries() + " deliveries, " + removed.acknowledgements()
                                + " acknowledgements, " + removed.auditRows() + " audit rows");
            }
            return Optional.of(removed);
        });
    }

    private Removed purge(List<Long> alertIds, OffsetDateTime now) {
        int deliveries = 0;
        for (var row : jdbc.sql("""
                select id, last_error from delivery
                where alert_id in (:ids) and (recipient is not null or last_error is not null)""")
                .param("ids", alertIds).query((rs, n) -> new Object[] {rs.getLong("id"), rs.getString("last_error")})
                .list()) {
            deliveries += jdbc.sql("update delivery set recipient = null, last_error = :error where id = :id")
                    .param("error", redact((String) row[1])).param("id", row[0]).update();
        }
        // a text's number: kept unique per message (the ledger's key), but no longer a person's number
        deliveries += jdbc.sql("""
                update sms_text set mobile = 'removed-' || cast(id as varchar(20)), last_error = null
                where alert_id in (:ids) and mobile not like 'removed-%'""").param("ids", alertIds).update();
        int acknowledgements = jdbc.sql("""
                update acknowledgement set acknowledged_by = :removed, role = :removed, actions = :removed,
                  client_address = null
                where alert_id in (:ids) and acknowledged_by <> :removed""")
                .param("removed", REMOVED).param("ids", alertIds).update();
        int auditRows = jdbc.sql("""
                update audit_event set actor = case when actor like 'school:%' then actor else :school end,
                  detail = :redacted, client_address = null
                where subject_type = 'ALERT' and subject_id in (:ids) and action = 'ALERT_ACKNOWLEDGED'
                  and (detail is null or detail not like :redactedPrefix)""")
                .param("redacted", H2AppendOnlyTrigger.REDACTED + " under retention (what the school typed)")
                .param("redactedPrefix", H2AppendOnlyTrigger.REDACTED + "%").param("school", H2AppendOnlyTrigger.SCHOOL)
                .param("ids", alertIds.stream().map(String::valueOf).toList()).update();
        jdbc.sql("update alert set personal_data_removed_at = :now where id in (:ids)")
                .param("now", now).param("ids", alertIds).update();
        return new Removed(alertIds.size(), deliveries, acknowledgements, auditRows);
    }

    static String redact(String text) {
        return text == null ? null : CONTACT_DETAILS.matcher(text).replaceAll("[removed]");
    }

    private static Removed plus(Removed a, Removed b) {
        return new Removed(a.messages() + b.messages(), a.deliveries() + b.deliveries(),
                a.acknowledgements() + b.acknowledgements(), a.auditRows() + b.auditRows());
    }
}
