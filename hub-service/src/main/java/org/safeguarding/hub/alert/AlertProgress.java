package org.safeguarding.hub.alert;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** How far an alert has got: the delivery ledger counted per channel, and listed per school. */
@Component
public class AlertProgress {

    private final JdbcClient jdbc;

    AlertProgress(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per channel: queued (incl. retrying), sent, delivered, failed, unreachable. */
    public record Counts(int queued, int sent, int delivered, int failed, int unreachable) {
        Counts plus(String status, int n) {
            return switch (status) {
                case "QUEUED", "RETRYING" -> new Counts(queued + n, sent, delivered, failed, unreachable);
                case "SENT" -> new Counts(queued, sent + n, delivered, failed, unreachable);
                case "DELIVERED" -> new Counts(queued, sent, delivered + n, failed, unreachable);
                case "FAILED" -> new Counts(queued, sent, delivered, failed + n, unreachable);
                case "UNREACHABLE" -> new Counts(queued, sent, delivered, failed, unreachable + n);
                default -> this;
            };
        }
    }

    public Map<Channel, Counts> counts(Alert alert) {
        Map<Channel, Counts> counts = new EnumMap<>(Channel.class);
        alert.content().channels().forEach(c -> counts.put(c, new Counts(0, 0, 0, 0, 0)));
        jdbc.sql("""
                select channel, status, count(*) as n from delivery where alert_id = :id and purpose = 'ALERT'
                group by channel, status""")
                .param("id", alert.id())
                .query(rs -> {
                    Channel channel = Channel.valueOf(rs.getString("channel"));
                    counts.put(channel, counts.getOrDefault(channel, new Counts(0, 0, 0, 0, 0))
                            .plus(rs.getString("status"), rs.getInt("n")));
                });
        return counts;
    }

    /** Schools with a delivery row, once the fan-out has planned the alert; 0 before. */
    public int plannedSchools(long alertId) {
        return jdbc.sql("select count(distinct urn) from delivery where alert_id = :id and purpose = 'ALERT'")
                .param("id", alertId).query(Integer.class).single();
    }

    public int acknowledged(long alertId) {
        return jdbc.sql("select count(*) from acknowledgement where alert_id = :id").param("id", alertId)
                .query(Integer.class).single();
    }

    /** One school's delivery on one channel, and the school's acknowledgement if it has given one. */
    public record SchoolDelivery(long urn, String school, String localAuthority, String channel, String status,
            String recipient, int attempts, String lastError, OffsetDateTime sentAt, String acknowledgedBy,
            String acknowledgedRole, String actions, OffsetDateTime acknowledgedAt) {
    }

    public List<SchoolDelivery> bySchool(long alertId) {
        return deliveries(alertId, "", Integer.MAX_VALUE);
    }

    /** Deliveries not (yet) sent or delivered: what ops act on, without reading a national alert's every row. */
    public List<SchoolDelivery> notReached(long alertId, int limit) {
        return deliveries(alertId, " and d.status not in ('SENT', 'DELIVERED')", limit);
    }

    private List<SchoolDelivery> deliveries(long alertId, String condition, int limit) {
        return jdbc.sql("""
                select d.urn, e.name, e.la_name, d.channel, d.status, d.recipient, d.attempts, d.last_error, d.sent_at,
                  a.acknowledged_by, a.role, a.actions, a.acknowledged_at
                from delivery d join establishment e on e.urn = d.urn
                  left join acknowledgement a on a.alert_id = d.alert_id and a.urn = d.urn
                where d.alert_id = :id and d.purpose = 'ALERT'""" + condition + " order by e.name, d.urn, d.channel limit :limit")
                .param("id", alertId).param("limit", limit)
                .query((rs, n) -> new SchoolDelivery(rs.getLong("urn"), rs.getString("name"), rs.getString("la_name"),
                        rs.getString("channel"), rs.getString("status"), rs.getString("recipient"), rs.getInt("attempts"),
                        rs.getString("last_error"), rs.getObject("sent_at", OffsetDateTime.class),
                        rs.getString("acknowledged_by"), rs.getString("role"), rs.getString("actions"),
                        rs.getObject("acknowledged_at", OffsetDateTime.class)))
                .list();
    }
}
