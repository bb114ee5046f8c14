package org.safeguarding.hub.alert;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.safeguarding.hub.system.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The alerts list: one row per alert, with its updates and cancel folded into it (an update or cancel is a message
 * of its own, but people look for the alert), searched, filtered, sorted and paged in the database. Plain SQL that
 * H2 and PostgreSQL both run.
 */
@Repository
class AlertList {

    static final int PAGE_SIZE = 25;

    /** Where an alert has got to, updates and cancel included. */
    enum State {
        AWAITING_APPROVAL("Awaiting approval"), APPROVED("Approved"), SENDING("Sending"), SENT("Sent"),
        UPDATED("Updated"), REJECTED("Rejected"), CANCELLED("Cancelled"), DRAFT("Draft");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    enum Sort {
        NEWEST("Newest first"), OLDEST("Oldest first"), SEVERITY("Most severe first");

        private final String label;

        Sort(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Every condition optional; {@code viewer} sees their own drafts and nobody else's; {@code organisation}, when
     * set, keeps to the alerts that organisation raised (a raiser's list: AlertViewers lets them see no others).
     */
    record Query(String text, State state, Severity severity, OffsetDateTime raisedFrom, OffsetDateTime raisedBefore,
            Sort sort, String viewer, String organisation) {
    }

    /**
     * One alert as it stands: title and severity of the latest update in force, if any; {@code latestReference} that
     * update's or the cancel's reference; {@code updatePending} an update written but not yet approved.
     */
    record Row(long id, String reference, String title, Severity severity, String raisedBy, OffsetDateTime raisedAt,
            State state, boolean exercise, String latestReference, boolean updatePending) {
    }

    private static final String IN_FORCE = AlertStatus.IN_FORCE.stream().map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", "));

    /** The original of each chain, joined to its latest update in force. */
    private static final String FROM = """
             from alert o
             left join alert u on u.id = (select max(x.id) from alert x where x.references_alert = o.id
                                          and x.msg_type = 'Update' and x.status in (%s))
             where o.references_alert is null and (o.status <> 'DRAFT' or o.raised_by = :viewer)""".formatted(IN_FORCE);

    private static final String STATE = "case when o.status = 'CANCELLED' then 'CANCELLED'"
            + " when u.id is not null then 'UPDATED' else o.status end";

    private static final String SEVERITY = "coalesce(u.severity, o.severity)";

    private final JdbcClient jdbc;

    AlertList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Row> find(Query query, Paging paging) {
        String order = switch (query.sort() == null ? Sort.NEWEST : query.sort()) {
            case NEWEST -> " order by o.created_at desc, o.id desc";
            case OLDEST -> " order by o.created_at, o.id";
            case SEVERITY -> " order by case " + SEVERITY + " when 'EXTREME' then 0 when 'SEVERE' then 1"
                    + " when 'MODERATE' then 2 else 3 end, o.created_at desc, o.id desc";
        };
        return bind(jdbc.sql("select o.id, o.reference, coalesce(u.title, o.title) title, " + SEVERITY + " severity,"
                + " o.raised_by, o.created_at, o.exercise, " + STATE + " state,"
                + " (select max(c.reference) from alert c where c.references_alert = o.id and c.msg_type = 'Cancel') cancel_reference,"
                + " u.reference update_reference,"
                + " (select count(*) from alert p where p.references_alert = o.id and p.msg_type = 'Update'"
                + "  and p.status = 'AWAITING_APPROVAL') pending"
                + " " + FROM + where(query) + order + " limit :limit offset :offset"), query)
                .param("limit", paging.size()).param("offset", paging.offset())
                .query((rs, n) -> {
                    State state = State.valueOf(rs.getString("state"));
                    String latest = state == State.CANCELLED ? rs.getString("cancel_reference") : rs.getString("update_reference");
                    return new Row(rs.getLong("id"), rs.getString("reference"), rs.getString("title"),
                            Severity.valueOf(rs.getString("severity")), rs.getString("raised_by"),
                            rs.getObject("created_at", OffsetDateTime.class), state, rs.getBoolean("exercise"),
                            latest, rs.getInt("pending") > 0);
                }).list();
    }

    long count(Query query) {
        return bind(jdbc.sql("select count(*) " + FROM + where(query)), query).query(Long.class).single();
    }

    private static String where(Query query) {
        StringBuilder where = new StringBuilder();
        if (query.text() != null) {
            // a follow-up's reference (…-U1, …-C) or new title finds its alert too
            where.append(" and (lower(o.reference) like :text escape '\\' or lower(o.title) like :text escape '\\'"
                    + " or exists (select 1 from alert f where f.references_alert = o.id"
                    + " and (lower(f.reference) like :text escape '\\' or lower(f.title) like :text escape '\\')))");
        }
        if (query.state() != null) {
            where.append(" and ").append(STATE).append(" = :state");
        }
        if (query.severity() != null) {
            where.append(" and ").append(SEVERITY).append(" = :severity");
        }
        if (query.organisation() != null) {
            where.append(" and o.raised_by_org = :organisation");
        }
        if (query.raisedFrom() != null) {
            where.append(" and o.created_at >= :raisedFrom");
        }
        if (query.raisedBefore() != null) {
            where.append(" and o.created_at < :raisedBefore");
        }
        return where.toString();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Query query) {
        statement = statement.param("viewer", query.viewer());
        if (query.organisation() != null) {
            statement = statement.param("organisation", query.organisation());
        }
        if (query.text() != null) {
            String escaped = query.text().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_");
            statement = statement.param("text", "%" + escaped + "%");
        }
        if (query.state() != null) {
            statement = statement.param("state", query.state().name());
        }
        if (query.severity() != null) {
            statement = statement.param("severity", query.severity().name());
        }
        if (query.raisedFrom() != null) {
            statement = statement.param("raisedFrom", query.raisedFrom());
        }
        if (query.raisedBefore() != null) {
            statement = statement.param("raisedBefore", query.raisedBefore());
        }
        return statement;
    }
}
