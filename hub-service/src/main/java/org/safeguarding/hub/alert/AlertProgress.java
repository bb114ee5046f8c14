package org.safeguarding.hub.alert;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.chase.ChaseStep;
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
                // a bounce is a failure to reach the school, found out later
                case "FAILED", "BOUNCED" -> new Counts(queued, sent, delivered, failed + n, unreachable);
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

    /**
     * One school's delivery on one channel, the school's acknowledgement if it has given one, and how far the chase
     * has got with it: {@code chaseStep} FIRST_REMINDER, SECOND_REMINDER or LA_ESCALATION (null while not chased),
     * taken at {@code chasedAt}.
     */
    public record SchoolDelivery(long urn, String school, String localAuthority, String channel, String status,
            String recipient, int attempts, String lastError, OffsetDateTime sentAt, String acknowledgedBy,
            String acknowledgedRole, String actions, OffsetDateTime acknowledgedAt, ChaseStep chaseStep,
            OffsetDateTime chasedAt, String via) {

        /** The channel as pages say it. */
        public String channelLabel() {
            return Channel.valueOf(channel).label();
        }

        /** The status as pages say it, e.g. "No contact on record". */
        public String statusLabel() {
            return org.safeguarding.hub.delivery.DeliveryStatus.label(status);
        }
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
                  a.acknowledged_by, a.role, a.actions, a.acknowledged_at, c.step, c.chased_at, a.via
                from delivery d join establishment e on e.urn = d.urn
                  left join acknowledgement a on a.alert_id = d.alert_id and a.urn = d.urn
                  left join""" + CHASE_BY_SCHOOL + """
                   on c.urn = d.urn
                where d.alert_id = :id and d.purpose = 'ALERT'""" + condition + " order by e.name, d.urn, d.channel limit :limit")
                .param("id", alertId).param("limit", limit)
                .query((rs, n) -> new SchoolDelivery(rs.getLong("urn"), rs.getString("name"), rs.getString("la_name"),
                        rs.getString("channel"), rs.getString("status"), rs.getString("recipient"), rs.getInt("attempts"),
                        rs.getString("last_error"), rs.getObject("sent_at", OffsetDateTime.class),
                        rs.getString("acknowledged_by"), rs.getString("role"), rs.getString("actions"),
                        rs.getObject("acknowledged_at", OffsetDateTime.class), step(rs.getInt("step")),
                        rs.getObject("chased_at", OffsetDateTime.class), rs.getString("via")))
                .list();
    }

    /** The alert's acknowledgements by how they came: LINK (the link's form) or MIS (the school's MIS callback). */
    public Map<String, Integer> acknowledgedVia(long alertId) {
        Map<String, Integer> via = new java.util.TreeMap<>();
        jdbc.sql("select via, count(*) as n from acknowledgement where alert_id = :id group by via")
                .param("id", alertId).query(rs -> {
                    via.put(rs.getString("via"), rs.getInt("n"));
                });
        return via;
    }

    /** A school's acknowledgement: who confirmed, in what role, what they did, when and how (LINK or MIS). */
    public record Confirmation(long urn, String school, String acknowledgedBy, String role, String actions,
            OffsetDateTime acknowledgedAt, String via) {
    }

    /** The latest {@code limit} acknowledgements, newest first: a national alert's 22,000 are exported, not listed. */
    public List<Confirmation> confirmations(long alertId, int limit) {
        return jdbc.sql("""
                select a.urn, e.name, a.acknowledged_by, a.role, a.actions, a.acknowledged_at, a.via
                from acknowledgement a join establishment e on e.urn = a.urn
                where a.alert_id = :id order by a.acknowledged_at desc, a.urn limit :limit""")
                .param("id", alertId).param("limit", limit)
                .query((rs, n) -> new Confirmation(rs.getLong("urn"), rs.getString("name"),
                        rs.getString("acknowledged_by"), rs.getString("role"), rs.getString("actions"),
                        rs.getObject("acknowledged_at", OffsetDateTime.class), rs.getString("via")))
                .list();
    }

    /** The alert is one the chase still works on (approved and out, not cancelled, not replaced by an update). */
    public boolean stillChased(long alertId) {
        return jdbc.sql("select count(*) from alert a where a.id = :id and " + AlertRepository.STILL_TO_BE_CHASED)
                .param("id", alertId).query(Integer.class).single() > 0;
    }

    /** A step of the alert's chase: when it was taken and how many schools it chased. */
    public record ChaseStepTaken(ChaseStep step, OffsetDateTime takenAt, int schools) {
    }

    public List<ChaseStepTaken> chaseSteps(long alertId) {
        return jdbc.sql("select step, taken_at, schools from chase_step where alert_id = :id order by taken_at, step")
                .param("id", alertId)
                .query((rs, n) -> new ChaseStepTaken(ChaseStep.valueOf(rs.getString("step")),
                        rs.getObject("taken_at", OffsetDateTime.class), rs.getInt("schools")))
                .list();
    }

    /** A school that has not acknowledged, and how far the chase has got with it (null step: not yet chased). */
    public record SilentSchool(long urn, String school, ChaseStep chaseStep, OffsetDateTime chasedAt) {
    }

    /** The first {@code limit} schools, by name, that have not acknowledged. */
    public List<SilentSchool> silentSchools(long alertId, int limit) {
        return jdbc.sql("""
                select e.urn, e.name, c.step, c.chased_at
                from establishment e
                  join (select distinct urn from delivery where alert_id = :id and purpose = 'ALERT') s on s.urn = e.urn
                  left join""" + CHASE_BY_SCHOOL + """
                   on c.urn = e.urn
                where not exists (select 1 from acknowledgement a where a.alert_id = :id and a.urn = e.urn)
                order by e.name, e.urn limit :limit""")
                .param("id", alertId).param("limit", limit)
                .query((rs, n) -> new SilentSchool(rs.getLong("urn"), rs.getString("name"), step(rs.getInt("step")),
                        rs.getObject("chased_at", OffsetDateTime.class)))
                .list();
    }

    /**
     * Each school's highest chase step (1, 2, 3: {@link ChaseStep} in order) and when it was taken, as table c: its
     * reminders, the LA digests that listed it, or the step's UNREACHABLE row when nobody could be written to.
     */
    private static final String CHASE_BY_SCHOOL = """
             (select x.urn, max(x.step) as step, max(x.at) as chased_at from (
                select r.urn, r.created_at as at,
                  case r.purpose when 'FIRST_REMINDER' then 1 when 'SECOND_REMINDER' then 2 else 3 end as step
                from delivery r where r.alert_id = :id and r.purpose <> 'ALERT' and r.urn is not null
                union all
                select g.urn, r.created_at, 3 from digest_school g join delivery r on r.id = g.delivery_id
                where g.alert_id = :id) x
              group by x.urn) c""";

    private static ChaseStep step(int rank) {
        return rank == 0 ? null : ChaseStep.values()[rank - 1];
    }
}
