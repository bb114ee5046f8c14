package org.safeguarding.hub.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.safeguarding.hub.directory.Targeting;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Alerts, their targeting, references and the outbox. */
@Repository
public class AlertRepository {

    private static final String COLUMNS = """
            id, reference, identifier, status, msg_type, references_alert, title, summary, advice_for_schools,
            parent_letter, severity, category, channels, ack_deadline, expires, exercise, raised_by, raised_by_org,
            last_edited_by, decided_by, decision_reason, created_at, updated_at, submitted_at, decided_at, version""";

    private final JdbcClient jdbc;

    AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String reference, String identifier, AlertStatus status, AlertContent content, String raisedBy,
            String organisation, OffsetDateTime now) {
        jdbc.sql("""
                insert into alert (reference, identifier, status, msg_type, title, summary, advice_for_schools,
                  parent_letter, severity, category, channels, ack_deadline, expires, exercise, raised_by,
                  raised_by_org, last_edited_by, created_at, updated_at, submitted_at)
                values (:reference, :identifier, :status, 'Alert', :title, :summary, :advice, :letter, :severity,
                  :category, :channels, :ackDeadline, :expires, :exercise, :raisedBy, :org, :raisedBy, :now, :now,
                  :submittedAt)""")
                .param("reference", reference).param("identifier", identifier).param("status", status.name())
                .params(contentParameters(content))
                .param("raisedBy", raisedBy).param("org", organisation).param("now", now)
                .param("submittedAt", status == AlertStatus.AWAITING_APPROVAL ? now : null)
                .update();
        long id = jdbc.sql("select id from alert where reference = :reference").param("reference", reference)
                .query(Long.class).single();
        saveTargets(id, content.target());
        return id;
    }

    /** Rewrites the content of an alert that is still {@code expectedVersion}; false when someone got there first. */
    boolean updateContent(long id, int expectedVersion, AlertContent content, String editedBy, OffsetDateTime now) {
        int changed = jdbc.sql("""
                update alert set title = :title, summary = :summary, advice_for_schools = :advice,
                  parent_letter = :letter, severity = :severity, category = :category, channels = :channels,
                  ack_deadline = :ackDeadline, expires = :expires, exercise = :exercise, last_edited_by = :editedBy,
                  updated_at = :now, version = version + 1
                where id = :id and version = :version""")
                .params(contentParameters(content))
                .param("editedBy", editedBy).param("now", now).param("id", id).param("version", expectedVersion)
                .update();
        if (changed == 1) {
            jdbc.sql("delete from alert_target where alert_id = :id").param("id", id).update();
            saveTargets(id, content.target());
        }
        return changed == 1;
    }

    /** Moves an alert from {@code from} to {@code to}; false when it was no longer {@code from}. */
    boolean changeStatus(long id, AlertStatus from, AlertStatus to, String decidedBy, String reason,
            OffsetDateTime now) {
        boolean decision = to == AlertStatus.APPROVED || to == AlertStatus.REJECTED || to == AlertStatus.CANCELLED;
        return jdbc.sql("""
                update alert set status = :to, updated_at = :now, version = version + 1,
                  submitted_at = case when :to = 'AWAITING_APPROVAL' then :now else submitted_at end,
                  decided_by = case when :decision then :decidedBy else decided_by end,
                  decision_reason = case when :decision then :reason else decision_reason end,
                  decided_at = case when :decision then :now else decided_at end
                where id = :id and status = :from""")
                .param("to", to.name()).param("from", from.name()).param("now", now).param("id", id)
                .param("decision", decision).param("decidedBy", decidedBy).param("reason", reason)
                .update() == 1;
    }

    void addToOutbox(long alertId, String event, OffsetDateTime now) {
        jdbc.sql("insert into alert_outbox (alert_id, event, created_at) values (:id, :event, :now)")
                .param("id", alertId).param("event", event).param("now", now).update();
    }

    public Optional<Alert> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from alert where id = :id").param("id", id)
                .query(this::alert).optional();
    }

    public List<Alert> findByStatus(Set<AlertStatus> statuses, int limit) {
        return jdbc.sql("select " + COLUMNS + " from alert where status in (:statuses) order by updated_at desc limit :limit")
                .param("statuses", statuses.stream().map(Enum::name).toList()).param("limit", limit)
                .query(this::alert).list();
    }

    public List<Alert> findRaisedBy(String username, int limit) {
        return jdbc.sql("select " + COLUMNS + " from alert where raised_by = :username order by updated_at desc limit :limit")
                .param("username", username).param("limit", limit)
                .query(this::alert).list();
    }

    /** The next reference of {@code prefix} in {@code year}, counted under the counter row's lock. */
    int nextReferenceNumber(String prefix, int year) {
        int updated = jdbc.sql("update alert_reference_counter set last = last + 1 where prefix = :prefix and yr = :year")
                .param("prefix", prefix).param("year", year).update();
        if (updated == 0) {
            jdbc.sql("insert into alert_reference_counter (prefix, yr, last) values (:prefix, :year, 1)")
                    .param("prefix", prefix).param("year", year).update();
            return 1;
        }
        return jdbc.sql("select last from alert_reference_counter where prefix = :prefix and yr = :year")
                .param("prefix", prefix).param("year", year).query(Integer.class).single();
    }

    private void saveTargets(long id, Targeting target) {
        List<Object[]> rows = new ArrayList<>();
        target.localAuthorities().forEach(v -> rows.add(new Object[] {"LA", v}));
        target.districts().forEach(v -> rows.add(new Object[] {"DISTRICT", v}));
        target.phases().forEach(v -> rows.add(new Object[] {"PHASE", v}));
        target.establishmentTypes().forEach(v -> rows.add(new Object[] {"TYPE", v}));
        target.urns().forEach(v -> rows.add(new Object[] {"URN", Long.toString(v)}));
        for (Object[] row : rows) {
            jdbc.sql("insert into alert_target (alert_id, kind, val) values (:id, :kind, :val)")
                    .param("id", id).param("kind", row[0]).param("val", row[1]).update();
        }
    }

    private Targeting targets(long id) {
        Map<String, List<String>> byKind = jdbc.sql("select kind, val from alert_target where alert_id = :id order by kind, val")
                .param("id", id)
                .query((rs, n) -> new String[] {rs.getString("kind"), rs.getString("val")}).list().stream()
                .collect(Collectors.groupingBy(r -> r[0], Collectors.mapping(r -> r[1], Collectors.toList())));
        Function<String, List<String>> kind = k -> byKind.getOrDefault(k, List.of());
        return new Targeting(kind.apply("LA"), kind.apply("DISTRICT"), kind.apply("PHASE"), kind.apply("TYPE"),
                kind.apply("URN").stream().map(Long::valueOf).sorted().toList());
    }

    private static Map<String, Object> contentParameters(AlertContent c) {
        Map<String, Object> p = new HashMap<>();
        p.put("title", c.title());
        p.put("summary", c.summary());
        p.put("advice", c.adviceForSchools());
        p.put("letter", c.parentLetter());
        p.put("severity", c.severity().name());
        p.put("category", c.category().name());
        p.put("channels", c.channels().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        p.put("ackDeadline", c.ackDeadline());
        p.put("expires", c.expires());
        p.put("exercise", c.exercise());
        return p;
    }

    private Alert alert(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("id");
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        Arrays.stream(rs.getString("channels").split(",")).filter(s -> !s.isBlank())
                .forEach(s -> channels.add(Channel.valueOf(s)));
        AlertContent content = new AlertContent(rs.getString("title"), rs.getString("summary"),
                rs.getString("advice_for_schools"), rs.getString("parent_letter"),
                Severity.valueOf(rs.getString("severity")), Category.valueOf(rs.getString("category")), targets(id),
                channels, rs.getObject("ack_deadline", OffsetDateTime.class), rs.getObject("expires", OffsetDateTime.class),
                rs.getBoolean("exercise"));
        Long references = rs.getObject("references_alert", Long.class);
        return new Alert(id, rs.getString("reference"), rs.getString("identifier"),
                AlertStatus.valueOf(rs.getString("status")), rs.getString("msg_type"),
                references, content, rs.getString("raised_by"), rs.getString("raised_by_org"),
                rs.getString("last_edited_by"), rs.getString("decided_by"), rs.getString("decision_reason"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("submitted_at", OffsetDateTime.class), rs.getObject("decided_at", OffsetDateTime.class),
                rs.getInt("version"));
    }
}
