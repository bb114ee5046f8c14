package org.safeguarding.hub.approval;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What awaits an approver's decision: alerts and updates they wrote none of, most severe first, then oldest. */
@Component
public class ApprovalInbox {

    /** One alert or update awaiting approval, as the approver's start page lists it. */
    public record Waiting(long id, String reference, String title, String severity, boolean exercise, boolean update,
            String raisedByOrganisation, OffsetDateTime submittedAt) {
    }

    private final JdbcClient jdbc;

    ApprovalInbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Waiting> awaiting(String approver) {
        return jdbc.sql("""
                select a.id, a.reference, a.title, a.severity, a.exercise, a.msg_type, a.raised_by_org, a.submitted_at
                from alert a
                where a.status = 'AWAITING_APPROVAL' and a.raised_by <> :me
                  and not exists (select 1 from alert_author w where w.alert_id = a.id and w.username = :me)
                order by case a.severity when 'EXTREME' then 0 when 'SEVERE' then 1 when 'MODERATE' then 2 else 3 end,
                  a.submitted_at, a.id""")
                .param("me", approver)
                .query((rs, row) -> new Waiting(rs.getLong("id"), rs.getString("reference"), rs.getString("title"),
                        rs.getString("severity"), rs.getBoolean("exercise"), !"Alert".equals(rs.getString("msg_type")),
                        rs.getString("raised_by_org"), rs.getObject("submitted_at", OffsetDateTime.class)))
                .list();
    }
}
