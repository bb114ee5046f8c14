package org.safeguarding.hub.chase;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.delivery.DeliveryBatches;
import org.safeguarding.hub.routes.chase.ChasePlanner;
import org.safeguarding.hub.delivery.sms.SmsTexts;
import org.safeguarding.hub.routes.fanout.DeliveryOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The chase: for each alert past its acknowledgement deadline, the ladder's next step when it is due, for the schools
 * that have not acknowledged. Each alert is chased in its own transaction under its row lock, taken with SKIP LOCKED:
 * a second hub instance passes over an alert the first is chasing instead of waiting for it, then finds the step taken.
 * The step's row in {@code chase_step} (primary key alert x step) and the ledger's unique key refuse a second copy
 * whatever happens.
 */
@Service
public class ChaseService implements ChasePlanner {

    private static final Logger log = LoggerFactory.getLogger(ChaseService.class);
    static final String HUB = "system";
    private static final int URNS_AUDITED = 40;

    /** Still to be chased (the hub's one rule, {@link AlertRepository#STILL_TO_BE_CHASED}), and not expired. */
    static final String CHASED = AlertRepository.STILL_TO_BE_CHASED + " and a.expires > :now";

    /** The schools of {@code s} (a column {@code urn}) the step chases: those that have not acknowledged. */
    private static final String SILENT = "not exists (select 1 from acknowledgement k where k.alert_id = :alertId"
            + " and k.urn = s.urn)";
    /** The schools the step before reached, whatever became of that delivery: a failed one is chased all the more. */
    private static final String REACHED_BEFORE = "(select distinct urn from delivery where alert_id = :alertId"
            + " and purpose = :previous) s";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ChaseLadder ladder;
    private final AuditTrail audit;
    private final Clock clock;
    private final SmsTexts smsTexts;

    ChaseService(JdbcClient jdbc, TransactionTemplate transactions, ChaseLadder ladder, AuditTrail audit, Clock clock,
            SmsTexts smsTexts) {
        this.smsTexts = smsTexts;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ladder = ladder;
        this.audit = audit;
        this.clock = clock;
    }

    private record ChasedAlert(long id, Severity severity, Instant deadline) {
    }

    @Override
    public int planDueSteps() {
        Instant now = clock.instant();
        int chased = 0;
        for (ChasedAlert alert : pastDeadline(now)) {
            if (dueStep(alert, taken(alert.id()), now) == null) {
                continue;
            }
            try {
                chased += transactions.execute(tx -> climb(alert, now));
            } catch (DataIntegrityViolationException raced) {
                log.info("Alert {}: another hub instance took its chase step first", alert.id());
            } catch (RuntimeException e) {
                // one alert's trouble must not stop the others being chased; this one is tried again next time
                log.warn("Alert {}: chase step failed", alert.id(), e);
            }
        }
        return chased;
    }

    @Override
    public Iterator<List<DeliveryOrder>> unqueuedBatches(int batchSize) {
        String unqueued = "purpose in " + ChaseStep.PURPOSES_SQL + " and queued_at is null";
        // a channel message carries deliveries of one alert: they are walked alert by alert
        return jdbc.sql("select distinct alert_id from delivery where status = 'QUEUED' and " + unqueued)
                .query(Long.class).list().stream()
                .flatMap(alertId -> StreamSupport.stream(Spliterators.spliteratorUnknownSize(new DeliveryBatches(jdbc,
                        "alert_id = :alertId and " + unqueued, Map.of("alertId", alertId), batchSize), 0), false))
                .iterator();
    }

    @Override
    public List<DeliveryOrder> take(List<DeliveryOrder> orders) {
        Set<Long> taken = new TreeSet<>(jdbc.sql("""
                select id from delivery where id in (:ids) and status = 'QUEUED' and queued_at is null
                for update skip locked""")
                .param("ids", ids(orders)).query(Long.class).list());
        return orders.stream().filter(order -> taken.contains(order.deliveryId())).toList();
    }

    @Override
    public void queued(List<DeliveryOrder> orders) {
        jdbc.sql("update delivery set queued_at = :now where id in (:ids)")
                .param("now", utc(clock.instant())).param("ids", ids(orders)).update();
    }

    /** Alerts chased whose ladder is not yet climbed to the top. */
    private List<ChasedAlert> pastDeadline(Instant now) {
        return jdbc.sql("select a.id, a.severity, a.ack_deadline from alert a where " + CHASED + """
                   and a.ack_deadline <= :now
                   and (select count(*) from chase_step c where c.alert_id = a.id) < case a.severity
                     when 'EXTREME' then :extreme when 'SEVERE' then :severe when 'MODERATE' then :moderate
                     else :minor end
                order by a.ack_deadline, a.id""")
                .param("now", utc(now))
                .param("extreme", ladder.steps(Severity.EXTREME).size())
                .param("severe", ladder.steps(Severity.SEVERE).size())
                .param("moderate", ladder.steps(Severity.MODERATE).size())
                .param("minor", ladder.steps(Severity.MINOR).size())
                .query((rs, n) -> new ChasedAlert(rs.getLong("id"), Severity.valueOf(rs.getString("severity")),
                        rs.getObject("ack_deadline", OffsetDateTime.class).toInstant()))
                .list();
    }

    private int climb(ChasedAlert alert, Instant now) {
        boolean locked = jdbc.sql("select a.id from alert a where a.id = :alertId and " + CHASED
                        + " for update skip locked")
                .param("alertId", alert.id()).param("now", utc(now)).query(Long.class).optional().isPresent();
        if (!locked) {
            return 0; // another hub instance is chasing it now, or it has just been cancelled or updated
        }
        Map<ChaseStep, Instant> taken = taken(alert.id());
        int chased = 0;
        for (ChaseStep step = dueStep(alert, taken, now); step != null; step = dueStep(alert, taken, now)) {
            int schools = step == ChaseStep.LA_ESCALATION ? escalate(alert.id(), now) : remind(alert.id(), step, now);
            if (step == ChaseStep.FIRST_REMINDER
                    && (alert.severity() == Severity.EXTREME || alert.severity() == Severity.SEVERE)) {
                smsTexts.remindByText(alert.id(), step.name(), utc(now)); // a child may be at risk: a text as well
            }
            jdbc.sql("""
                    insert into chase_step (alert_id, step, taken_at, schools) values (:alertId, :step, :now, :schools)""")
                    .param("alertId", alert.id()).param("step", step.name()).param("now", utc(now))
                    .param("schools", schools).update();
            taken.put(step, now);
            chased += schools;
        }
        return chased;
    }

    /** The alert's next step, if it is due by {@code now}. */
    private ChaseStep dueStep(ChasedAlert alert, Map<ChaseStep, Instant> taken, Instant now) {
        Instant previous = null;
        for (ChaseStep step : ladder.steps(alert.severity())) {
            if (!taken.containsKey(step)) {
                return now.isBefore(ladder.due(alert.severity(), alert.deadline(), step, previous)) ? null : step;
            }
            previous = taken.get(step);
        }
        return null;
    }

    private Map<ChaseStep, Instant> taken(long alertId) {
        Map<ChaseStep, Instant> taken = new EnumMap<>(ChaseStep.class);
        jdbc.sql("select step, taken_at from chase_step where alert_id = :alertId").param("alertId", alertId)
                .query(rs -> {
                    taken.put(ChaseStep.valueOf(rs.getString("step")),
                            rs.getObject("taken_at", OffsetDateTime.class).toInstant());
                });
        return taken;
    }

    /** One reminder per silent school, QUEUED, or UNREACHABLE when the school has nobody for this step. */
    private int remind(long alertId, ChaseStep step, Instant now) {
        String reachable = "exists (select 1 from safeguarding_contact c where c.urn = s.urn and c.email is not null"
                + " and c.role in " + step.rolesSql() + ")";
        int schools = jdbc.sql("""
                insert into delivery (alert_id, urn, channel, purpose, status, last_error, created_at, updated_at)
                select :alertId, s.urn, 'EMAIL', :step,
                  case when %1$s then 'QUEUED' else 'UNREACHABLE' end,
                  case when %1$s then null else :nobody end,
                  :now, :now
                from %2$s where %3$s""".formatted(reachable, REACHED_BEFORE, SILENT))
                .param("alertId", alertId).param("step", step.name()).param("previous", step.previousPurpose())
                .param("nobody", step.nobodyToWriteTo()).param("now", utc(now))
                .update();
        int byMis = step == ChaseStep.FIRST_REMINDER ? remindByMis(alertId, now) : 0;
        if (schools > 0) {
            Map<Boolean, List<Long>> queued = jdbc.sql("select urn, status from delivery where alert_id = :alertId"
                            + " and purpose = :step and channel = 'EMAIL' order by urn")
                    .param("alertId", alertId).param("step", step.name())
                    .query((rs, n) -> Map.entry(rs.getLong("urn"), "QUEUED".equals(rs.getString("status")))).list()
                    .stream().collect(Collectors.partitioningBy(Map.Entry::getValue,
                            Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
            audit.record(HUB, null, AuditAction.SCHOOLS_REMINDED, AuditEvent.ALERT, alertId,
                    step.label() + ": " + count(schools, "school") + written(queued.get(true))
                            + nobody(queued.get(false)) + (byMis > 0 ? "; " + byMis + " also by their MIS" : ""));
        }
        return schools;
    }

    /**
     * The first reminder also goes to the school's MIS (as alert.reminder) where the alert itself reached it there
     * and its endpoint is still enabled: the MIS is where the school's DSL would see it first.
     */
    private int remindByMis(long alertId, Instant now) {
        return jdbc.sql("""
                insert into delivery (alert_id, urn, channel, purpose, status, created_at, updated_at)
                select :alertId, s.urn, 'MIS', :step, 'QUEUED', :now, :now
                from (select urn from delivery where alert_id = :alertId and purpose = 'ALERT' and channel = 'MIS'
                        and status = 'DELIVERED') s
                where %s and exists (select 1 from mis_endpoint m where m.urn = s.urn and m.enabled)""".formatted(SILENT))
                .param("alertId", alertId).param("step", ChaseStep.FIRST_REMINDER.name()).param("now", utc(now))
                .update();
    }

    /**
     * One digest per local-authority safeguarding address, listing that address's silent schools as they are now;
     * a silent school with no such address is UNREACHABLE for the step, so the alert page shows nobody was told.
     */
    private int escalate(long alertId, Instant now) {
        Map<String, Set<Long>> digests = new TreeMap<>();
        Set<Long> schools = new TreeSet<>();
        List<Long> nobody = new ArrayList<>();
        jdbc.sql("select s.urn, c.email from " + REACHED_BEFORE + """
                  left join safeguarding_contact c on c.urn = s.urn and c.role = 'LA_SAFEGUARDING'
                    and c.email is not null
                where""" + " " + SILENT)
                .param("alertId", alertId).param("previous", ChaseStep.LA_ESCALATION.previousPurpose())
                .query(rs -> {
                    long urn = rs.getLong("urn");
                    schools.add(urn);
                    if (rs.getString("email") == null) {
                        nobody.add(urn);
                    } else {
                        digests.computeIfAbsent(rs.getString("email").toLowerCase(Locale.ROOT), a -> new TreeSet<>())
                                .add(urn);
                    }
                });
        OffsetDateTime at = utc(now);
        digests.forEach((addressee, listed) -> {
            jdbc.sql("""
                    insert into delivery (alert_id, channel, purpose, addressee, status, created_at, updated_at)
                    values (:alertId, 'EMAIL', 'LA_ESCALATION', :addressee, 'QUEUED', :now, :now)""")
                    .param("alertId", alertId).param("addressee", addressee).param("now", at).update();
            long digest = jdbc.sql("select id from delivery where alert_id = :alertId and purpose = 'LA_ESCALATION'"
                            + " and addressee = :addressee")
                    .param("alertId", alertId).param("addressee", addressee).query(Long.class).single();
            listed.forEach(urn -> jdbc.sql(
                            "insert into digest_school (delivery_id, alert_id, urn) values (:id, :alertId, :urn)")
                    .param("id", digest).param("alertId", alertId).param("urn", urn).update());
        });
        nobody.forEach(urn -> jdbc.sql("""
                insert into delivery (alert_id, urn, channel, purpose, status, last_error, created_at, updated_at)
                values (:alertId, :urn, 'EMAIL', 'LA_ESCALATION', 'UNREACHABLE', :nobody, :now, :now)""")
                .param("alertId", alertId).param("urn", urn).param("nobody", ChaseStep.LA_ESCALATION.nobodyToWriteTo())
                .param("now", at).update());
        if (!schools.isEmpty()) {
            audit.record(HUB, null, AuditAction.SCHOOLS_ESCALATED, AuditEvent.ALERT, alertId,
                    ChaseStep.LA_ESCALATION.label() + ": " + count(schools.size(), "school") + " in "
                            + count(digests.size(), "digest")
                            + digests.entrySet().stream().map(d -> d.getKey() + written(d.getValue()))
                                    .collect(Collectors.joining("; ", digests.isEmpty() ? "" : ": ", ""))
                            + nobody(nobody));
        }
        return schools.size();
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    private static String written(Collection<Long> urns) {
        return urns.isEmpty() ? "" : " (URN " + urns(urns) + ")";
    }

    private static String nobody(List<Long> urns) {
        return urns.isEmpty() ? "" : "; nobody to write to at URN " + urns(urns);
    }

    /** URNs for the audit trail, the first few of a long list. */
    private static String urns(Collection<Long> urns) {
        String listed = urns.stream().limit(URNS_AUDITED).map(String::valueOf).collect(Collectors.joining(", "));
        return urns.size() > URNS_AUDITED ? listed + " and " + (urns.size() - URNS_AUDITED) + " more" : listed;
    }

    private static List<Long> ids(List<DeliveryOrder> orders) {
        return orders.stream().map(DeliveryOrder::deliveryId).toList();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
