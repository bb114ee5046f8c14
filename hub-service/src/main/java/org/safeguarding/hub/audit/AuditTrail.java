package org.safeguarding.hub.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The append-only audit trail. This class only ever inserts: there is no code path in the hub that updates or
 * deletes an audit row, and the database refuses it as well (triggers in the H2 and PostgreSQL migrations).
 * Written in the caller's transaction, so an action and its audit row commit or roll back together.
 */
@Service
public class AuditTrail {

    private static final int MAX_DETAIL = 2000;

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditTrail(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an action of the signed-in user. */
    public void record(AuditAction action, String subjectType, Object subjectId, String detail) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        String actor = who == null ? "system" : who.getName();
        record(actor, roleOf(who), action, subjectType, subjectId, detail);
    }

    /** Records an action of a named actor, e.g. a sign-in that failed and so has no signed-in user. */
    public void record(String actor, String actorRole, AuditAction action, String subjectType, Object subjectId,
            String detail) {
        jdbc.sql("""
                insert into audit_event (occurred_at, actor, actor_role, action, subject_type, subject_id, detail,
                  client_address)
                values (:at, :actor, :role, :action, :subjectType, :subjectId, :detail, :address)""")
                .param("at", OffsetDateTime.now(clock))
                .param("actor", clip(actor, 64))
                .param("role", actorRole)
                .param("action", action.name())
                .param("subjectType", subjectType)
                .param("subjectId", subjectId == null ? null : clip(subjectId.toString(), 64))
                .param("detail", detail == null ? null : clip(detail, MAX_DETAIL))
                .param("address", clientAddress())
                .update();
    }

    public List<AuditEvent> find(String subjectType, String subjectId, int limit) {
        StringBuilder sql = new StringBuilder("""
                select id, occurred_at, actor, actor_role, action, subject_type, subject_id, detail, client_address
                from audit_event where 1 = 1""");
        if (subjectType != null) {
            sql.append(" and subject_type = :subjectType");
        }
        if (subjectId != null) {
            sql.append(" and subject_id = :subjectId");
        }
        sql.append(" order by id desc limit :limit");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("limit", limit);
        if (subjectType != null) {
            statement = statement.param("subjectType", subjectType);
        }
        if (subjectId != null) {
            statement = statement.param("subjectId", subjectId);
        }
        return statement.query((rs, n) -> new AuditEvent(rs.getLong("id"),
                rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("actor"), rs.getString("actor_role"),
                AuditAction.valueOf(rs.getString("action")), rs.getString("subject_type"), rs.getString("subject_id"),
                rs.getString("detail"), rs.getString("client_address"))).list();
    }

    static String roleOf(Authentication who) {
        if (who == null) {
            return null;
        }
        return who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).findFirst().orElse(null);
    }

    private static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return clip(request.getRemoteAddr(), 64);
        }
        return null;
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
