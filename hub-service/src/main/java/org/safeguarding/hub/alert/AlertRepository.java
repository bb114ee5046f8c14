package org.safeguarding.hub.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
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
            last_edited_by, decided_by, decision_reason, created_at, updated_at, submitted_at, decided_at, version,
            response_type""";

    /**
     * The one rule of whether schools are still to be chased to acknowledge a message, as an SQL condition on alert
     * {@code a} (for the chase's own queries; {@link #stillToBeChased} asks it of one message). The message is being
     * sent or has been, it is not a cancel or an all-clear, its alert has not been cancelled, and no later update of
     * the alert is in force: schools acknowledge that update, through its own links, instead (an all-clear in force,
     * "Resolved", asks nothing, so it ends the chase of everything before it).
     */
    public static final String STILL_TO_BE_CHASED = """
            a.status in ('SENDING', 'SENT') and a.msg_type <> 'Cancel' and a.response_type is null
            and not exists (select 1 from alert o where o.id = a.references_alert and o.status = 'CANCELLED')
            and not exists (select 1 from alert u where u.references_alert = coalesce(a.references_alert, a.id)
                            and u.msg_type = 'Update' and u.id > a.id and u.status in (%s))"""
            .formatted(AlertStatus.IN_FORCE.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ")));

    private final JdbcClient jdbc;

    AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param msgType CAP's: Alert, or Update / Cancel of {@code referencesAlert} */
    long insert(String reference, String identifier, AlertStatus status, String msgType, Long referencesAlert,
            AlertContent content, String raisedBy, String organisation, OffsetDateTime now) {
        jdbc.sql("""
                insert into alert (reference, identifier, status, msg_type, references_alert, title, summary,
                  advice_for_schools, parent_letter, severity, category, channels, ack_deadline, expires, exercise,
                  raised_by, raised_by_org, last_edited_by, created_at, updated_at, submitted_at)
                values (:reference, :identifier, :status, :msgType, :referencesAlert, :title, :summary, :advice,
                  :letter, :severity, :category, :channels, :ackDeadline, :expires, :exercise, :raisedBy, :org,
                  :raisedBy, :now, :now, :submittedAt)""")
                .param("reference", reference).param("identifier", identifier).param("status", status.name())
                .param("msgType", msgType).param("referencesAlert", referencesAlert)
                .params(contentParameters(content))
                .param("raisedBy", raisedBy).param("org", organisation).param("now", now)
                .param("submittedAt", status == AlertStatus.AWAITING_APPROVAL ? now : null)
                .update();
        long id = jdbc.sql("select id from alert where reference = :reference").param("reference", reference)
                .query(Long.class).single();
        saveTargets(id, content.target());
        addAuthor(id, raisedBy, true);
        return id;
    }

    /**
     * Rewrites the content of an alert that is still {@code expectedVersion}, the editor becoming one of its authors;
     * false when someone got there first.
     */
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
            addAuthor(id, editedBy, false);
        }
        return changed == 1;
    }

    /** Everyone who wrote some of the message's content, who raised it first. */
    public List<Author> authors(long alertId) {
        return jdbc.sql("select username, wrote from alert_author where alert_id = :id order by wrote desc, username")
                .param("id", alertId)
                .query((rs, n) -> new Author(rs.getString("username"), "RAISED".equals(rs.getString("wrote"))))
                .list();
    }

    private void addAuthor(long alertId, String username, boolean raised) {
        jdbc.sql("""
                insert into alert_author (alert_id, username, wrote) select :id, :username, :wrote
                where not exists (select 1 from alert_author where alert_id = :id and username = :username)""")
                .param("id", alertId).param("username", username).param("wrote", raised ? "RAISED" : "CHANGED")
                .update();
    }

    /** Someone who wrote some of an alert's content: raised it, or saved a change to it. */
    public record Author(String username, boolean raised) {
    }

    /** Moves an alert from {@code from} to {@code to}; false when it was no longer {@code from}. */
    boolean changeStatus(long id, AlertStatus from, AlertStatus to, String decidedBy, String reason,
            OffsetDateTime now) {
        // cancelling an approved alert keeps its approval, and so its CAP sent time, which the Cancel message (holding
        // who cancelled it and why) references
        boolean decision = to == AlertStatus.APPROVED || to == AlertStatus.REJECTED
                || to == AlertStatus.CANCELLED && from.editable();
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

    /** Deletes a draft, its targeting and its authors; false when it is no longer a draft. */
    boolean deleteDraft(long id) {
        if (jdbc.sql("select id from alert where id = :id and status = 'DRAFT' for update").param("id", id)
                .query(Long.class).optional().isEmpty()) {
            return false;
        }
        jdbc.sql("delete from alert_target where alert_id = :id").param("id", id).update();
        jdbc.sql("delete from alert_author where alert_id = :id").param("id", id).update();
        return jdbc.sql("delete from alert where id = :id and status = 'DRAFT'").param("id", id).update() == 1;
    }

    void addToOutbox(long alertId, String event, OffsetDateTime now) {
        jdbc.sql("insert into alert_outbox (alert_id, event, created_at) values (:id, :event, :now)")
                .param("id", alertId).param("event", event).param("now", now).update();
    }

    public Optional<Alert> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from alert where id = :id").param("id", id)
                .query(this::alert).optional();
    }

    /**
     * An alert with its updates and cancel, oldest first, found from the id of any of them: three queries however
     * long the chain (every acknowledgement page and POST reads one).
     */
    public Optional<AlertChain> findChain(long id) {
        return jdbc.sql("select coalesce(references_alert, id) from alert where id = :id").param("id", id)
                .query(Long.class).optional().map(original -> {
                    Map<Long, Targeting> targeting = chainTargets(original);
                    List<Alert> messages = new ArrayList<>();
                    Set<Long> approved = new HashSet<>();
                    // approval writes the outbox entry: the messages with one are those that were ever approved
                    jdbc.sql("select " + COLUMNS + """
                            , exists (select 1 from alert_outbox o where o.alert_id = alert.id) as ever_approved
                            from alert where id = :id or references_alert = :id order by id""")
                            .param("id", original).query(rs -> {
                                Alert message = alert(rs, targeting.getOrDefault(rs.getLong("id"), Targeting.none()));
                                messages.add(message);
                                if (rs.getBoolean("ever_approved")) {
                                    approved.add(message.id());
                                }
                            });
                    return new AlertChain(messages.get(0), messages.subList(1, messages.size()), approved);
                });
    }

    /** Marks a message just inserted as an all-clear (CAP responseType AllClear). */
    void markAllClear(long id) {
        jdbc.sql("update alert set response_type = :type where id = :id")
                .param("type", AlertChain.ALL_CLEAR).param("id", id).update();
    }

    /** Locks an alert's row until the transaction ends: its updates and cancel are written one at a time. */
    void lock(long id) {
        jdbc.sql("select id from alert where id = :id for update").param("id", id).query(Long.class).optional();
    }

    /** {@link #STILL_TO_BE_CHASED} of one message. */
    public boolean stillToBeChased(long alertId) {
        return jdbc.sql("select count(*) from alert a where a.id = :id and " + STILL_TO_BE_CHASED)
                .param("id", alertId).query(Integer.class).single() > 0;
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
        return targeting(jdbc.sql("select alert_id, kind, val from alert_target where alert_id = :id order by kind, val")
                .param("id", id)).getOrDefault(id, Targeting.none());
    }

    /** The targeting of every message of the alert {@code original}, by message id. */
    private Map<Long, Targeting> chainTargets(long original) {
        return targeting(jdbc.sql("""
                select t.alert_id, t.kind, t.val from alert_target t join alert a on a.id = t.alert_id
                where a.id = :id or a.references_alert = :id order by t.alert_id, t.kind, t.val""").param("id", original));
    }

    private static Map<Long, Targeting> targeting(JdbcClient.StatementSpec rows) {
        Map<Long, Map<String, List<String>>> byAlert = new HashMap<>();
        rows.query(rs -> {
            byAlert.computeIfAbsent(rs.getLong("alert_id"), id -> new HashMap<>())
                    .computeIfAbsent(rs.getString("kind"), kind -> new ArrayList<>()).add(rs.getString("val"));
        });
        Map<Long, Targeting> targeting = new HashMap<>();
        byAlert.forEach((id, byKind) -> {
            Function<String, List<String>> kind = k -> byKind.getOrDefault(k, List.of());
            targeting.put(id, new Targeting(kind.apply("LA"), kind.apply("DISTRICT"), kind.apply("PHASE"),
                    kind.apply("TYPE"), kind.apply("URN").stream().map(Long::valueOf).sorted().toList()));
        });
        return targeting;
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
        return alert(rs, targets(rs.getLong("id")));
    }

    private Alert alert(ResultSet rs, Targeting targeting) throws SQLException {
        long id = rs.getLong("id");
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        Arrays.stream(rs.getString("channels").split(",")).filter(s -> !s.isBlank())
                .forEach(s -> channels.add(Channel.valueOf(s)));
        AlertContent content = new AlertContent(rs.getString("title"), rs.getString("summary"),
                rs.getString("advice_for_schools"), rs.getString("parent_letter"),
                Severity.valueOf(rs.getString("severity")), Category.valueOf(rs.getString("category")), targeting,
                channels, rs.getObject("ack_deadline", OffsetDateTime.class), rs.getObject("expires", OffsetDateTime.class),
                rs.getBoolean("exercise"));
        Long references = rs.getObject("references_alert", Long.class);
        return new Alert(id, rs.getString("reference"), rs.getString("identifier"),
                AlertStatus.valueOf(rs.getString("status")), rs.getString("msg_type"),
                references, content, rs.getString("raised_by"), rs.getString("raised_by_org"),
                rs.getString("last_edited_by"), rs.getString("decided_by"), rs.getString("decision_reason"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("submitted_at", OffsetDateTime.class), rs.getObject("decided_at", OffsetDateTime.class),
                rs.getInt("version"), rs.getString("response_type"));
    }
}
