package org.safeguarding.hub.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail searched: by who, what, which alert and when, newest first, a page at a time or (for the CSV
 * export) every row streamed from the database a batch at a time, never all held in memory.
 */
@Repository
class AuditSearch {

    /** Which rows: each condition optional; {@code alert} an alert's number, or a reference (with its follow-ups). */
    record Query(String user, AuditAction action, String alert, OffsetDateTime from, OffsetDateTime before) {
    }

    private static final int FETCH_SIZE = 500;

    private final NamedParameterJdbcTemplate jdbc;

    AuditSearch(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        // PostgreSQL's driver fetches in batches (a cursor) only inside a transaction and with a fetch size
        template.setFetchSize(FETCH_SIZE);
        this.jdbc = new NamedParameterJdbcTemplate(template);
    }

    List<AuditEvent> page(Query query, long offset, int limit) {
        Map<String, Object> params = new HashMap<>();
        String sql = select(query, params) + " order by id desc limit :limit offset :offset";
        params.put("limit", limit);
        params.put("offset", offset);
        return jdbc.query(sql, params, (rs, n) -> event(rs));
    }

    long count(Query query) {
        Map<String, Object> params = new HashMap<>();
        String where = where(query, params);
        return jdbc.queryForObject("select count(*) from audit_event where 1 = 1" + where, params, Long.class);
    }

    /** Every row, newest first, to {@code each} as it is read. */
    @Transactional(readOnly = true)
    public void each(Query query, Consumer<AuditEvent> each) {
        Map<String, Object> params = new HashMap<>();
        jdbc.query(select(query, params) + " order by id desc", params, rs -> {
            each.accept(event(rs));
        });
    }

    private static String select(Query query, Map<String, Object> params) {
        return "select id, occurred_at, actor, actor_role, action, subject_type, subject_id, detail, client_address"
                + " from audit_event where 1 = 1" + where(query, params);
    }

    private static String where(Query query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder();
        if (query.user() != null) {
            where.append(" and lower(actor) = :user");
            params.put("user", query.user().toLowerCase(java.util.Locale.ROOT));
        }
        if (query.action() != null) {
            where.append(" and action = :action");
            params.put("action", query.action().name());
        }
        if (query.alert() != null) {
            where.append(" and subject_type = 'ALERT'");
            if (query.alert().chars().allMatch(Character::isDigit)) {
                where.append(" and subject_id = :alert");
            } else {
                // the message with that reference and, for an alert, its updates and cancel
                where.append(" and subject_id in (select cast(a.id as varchar(20)) from alert a"
                        + " where upper(a.reference) = :alert or a.references_alert in"
                        + " (select r.id from alert r where upper(r.reference) = :alert))");
            }
            params.put("alert", query.alert().toUpperCase(java.util.Locale.ROOT));
        }
        if (query.from() != null) {
            where.append(" and occurred_at >= :from");
            params.put("from", query.from());
        }
        if (query.before() != null) {
            where.append(" and occurred_at < :before");
            params.put("before", query.before());
        }
        return where.toString();
    }

    private static AuditEvent event(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("actor"),
                rs.getString("actor_role"), AuditAction.valueOf(rs.getString("action")), rs.getString("subject_type"),
                rs.getString("subject_id"), rs.getString("detail"), rs.getString("client_address"));
    }
}
