package org.safeguarding.hub.delivery;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.UnreadableDeliveryException;
import org.safeguarding.hub.routes.email.EmailDeliveries;
import org.safeguarding.hub.routes.email.EmailOutcome;
import org.safeguarding.hub.routes.email.EmailOutcome.Fate;
import org.safeguarding.hub.routes.email.OutgoingEmail;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The email channel's side of the ledger: claim a batch, render each email for its school, record the outcomes. */
@Service
@Transactional
public class EmailDeliveryService implements EmailDeliveries {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm", Locale.UK);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final AlertService alerts;
    private final AcknowledgementLinks links;
    private final MessageTemplates templates;
    private final EmailWording wording;
    private final Clock clock;
    private final HubProperties hub;
    private final String messageIdDomain;
    /**
     * The alert the last email was rendered for: a fan-out renders the same alert for every school, and its content
     * and reference no longer change once it is approved. Its status may: never read the status from here.
     */
    private volatile Alert lastRendered;

    EmailDeliveryService(JdbcClient jdbc, JdbcTemplate jdbcTemplate, AlertService alerts, AcknowledgementLinks links,
            MessageTemplates templates, EmailWording wording, Clock clock, HubProperties hub) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.alerts = alerts;
        this.links = links;
        this.templates = templates;
        this.wording = wording;
        this.clock = clock;
        this.hub = hub;
        String host = URI.create(hub.publicBaseUrl()).getHost();
        this.messageIdDomain = host == null ? "safeguarding-alert-hub" : host;
    }

    private record Claimed(long deliveryId, long alertId, long urn, String schoolName, List<Contact> contacts) {
    }

    private record Contact(String name, String email, String role) {
    }

    @Override
    public List<OutgoingEmail> prepare(DeliveryBatch batch, String brokerMessageId) {
        OffsetDateTime now = now();
        int claimed = jdbc.sql("""
                update delivery set claimed_by = :me, updated_at = :now
                where id in (:ids) and channel = 'EMAIL' and status in ('QUEUED', 'RETRYING')
                  and (claimed_by is null or claimed_by = :me)""")
                .param("me", brokerMessageId).param("now", now).param("ids", batch.deliveryIds()).update();
        if (claimed == 0) {
            if (jdbc.sql("select count(*) from delivery where id in (:ids) and channel = 'EMAIL'")
                    .param("ids", batch.deliveryIds()).query(Integer.class).single() == 0) {
                throw new UnreadableDeliveryException("no email delivery " + batch.body());
            }
            return List.of(); // already final, or another message is working on them
        }
        List<OutgoingEmail> emails = new ArrayList<>();
        List<Long> unreachable = new ArrayList<>();
        for (Claimed delivery : claimed(batch, brokerMessageId)) {
            List<Contact> leads = delivery.contacts().stream().filter(c -> !"HEAD".equals(c.role())).toList();
            List<Contact> to = leads.isEmpty() ? delivery.contacts() : leads;
            if (to.isEmpty()) {
                unreachable.add(delivery.deliveryId()); // its contacts were retired after the fan-out planned it
            } else {
                emails.add(render(delivery, to));
            }
        }
        if (!unreachable.isEmpty()) {
            jdbc.sql("""
                    update delivery set status = 'UNREACHABLE', last_error = :reason, updated_at = :now, claimed_by = null
                    where id in (:ids) and status in ('QUEUED', 'RETRYING')""")
                    .param("reason", "The school has no safeguarding contact with an email address")
                    .param("now", now).param("ids", unreachable).update();
            completeIfDone(jdbc.sql("select distinct alert_id from delivery where id in (:ids)")
                    .param("ids", unreachable).query(Long.class).list());
        }
        return emails;
    }

    /** The deliveries this message holds, with their school and its contacts, read in one statement. */
    private Collection<Claimed> claimed(DeliveryBatch batch, String brokerMessageId) {
        Map<Long, Claimed> claimed = new LinkedHashMap<>();
        jdbc.sql("""
                select d.id, d.alert_id, d.urn, e.name as school, c.name, c.email, c.role
                from delivery d join establishment e on e.urn = d.urn
                  left join safeguarding_contact c on c.urn = d.urn and c.email is not null
                    and c.role in ('DSL', 'DEPUTY_DSL', 'HEAD')
                where d.id in (:ids) and d.claimed_by = :me and d.status in ('QUEUED', 'RETRYING')
                order by d.id, case c.role when 'DSL' then 1 when 'DEPUTY_DSL' then 2 else 3 end, c.name""")
                .param("ids", batch.deliveryIds()).param("me", brokerMessageId)
                .query(rs -> {
                    Claimed delivery = claimed.get(rs.getLong("id"));
                    if (delivery == null) {
                        delivery = new Claimed(rs.getLong("id"), rs.getLong("alert_id"), rs.getLong("urn"),
                                rs.getString("school"), new ArrayList<>());
                        claimed.put(delivery.deliveryId(), delivery);
                    }
                    if (rs.getString("email") != null) {
                        delivery.contacts().add(new Contact(rs.getString("name"), rs.getString("email"),
                                rs.getString("role")));
                    }
                });
        return claimed.values();
    }

    private OutgoingEmail render(Claimed delivery, List<Contact> to) {
        Alert alert = approvedContent(delivery.alertId());
        Map<String, Object> model = model(alert, delivery, to);
        List<String> addresses = to.stream().map(Contact::email).toList();
        String messageId = "<delivery-" + delivery.deliveryId() + "." + alert.reference() + "@" + messageIdDomain + ">";
        return new OutgoingEmail(delivery.deliveryId(), alert.id(), hub.email().from(), addresses,
                (String) model.get("subject"), templates.render(model.get("template") + ".txt", model),
                templates.render(model.get("template") + ".html", model), messageId);
    }

    private Alert approvedContent(long alertId) {
        Alert alert = lastRendered;
        if (alert == null || alert.id() != alertId) {
            alert = alerts.get(alertId);
            lastRendered = alert;
        }
        return alert;
    }

    private Map<String, Object> model(Alert alert, Claimed delivery, List<Contact> to) {
        var content = alert.content();
        Map<String, Object> model = new HashMap<>();
        String severity = content.severity().name();
        EmailWording.Wording says = wording.of(alert);
        model.putAll(says.model());
        model.put("template", says.template());
        model.put("subject", says.subject());
        model.put("exercise", content.exercise());
        model.put("severity", severity);
        model.put("reference", alert.reference());
        model.put("title", content.title());
        model.put("summary", content.summary());
        model.put("advice", content.adviceForSchools());
        model.put("hasParentLetter", content.parentLetter() != null);
        model.put("schoolName", delivery.schoolName());
        model.put("urn", delivery.urn());
        model.put("greeting", String.join(" and ", to.stream().map(Contact::name).toList()));
        model.put("ackUrl", links.url(alert.id(), delivery.urn()));
        model.put("ackDeadline", WHEN.format(content.ackDeadline().atZoneSameInstant(hub.timeZone())));
        model.put("partnershipName", hub.partnershipName());
        return model;
    }

    @Override
    public void record(List<EmailOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        OffsetDateTime now = now();
        // one statement for the whole batch; a row another message has meanwhile finished is left as it is
        jdbcTemplate.batchUpdate("""
                update delivery set status = ?, attempts = attempts + 1, last_error = coalesce(?, last_error),
                  recipient = ?, message_id = ?, updated_at = ?, sent_at = ?,
                  claimed_by = case when ? then claimed_by else null end
                where id = ? and status in ('QUEUED', 'RETRYING')""", outcomes, outcomes.size(), (ps, outcome) -> {
            OutgoingEmail email = outcome.email();
            boolean sent = outcome.fate() == Fate.SENT || outcome.fate() == Fate.SENT_PARTLY;
            ps.setString(1, switch (outcome.fate()) {
                case SENT, SENT_PARTLY -> DeliveryStatus.SENT.name();
                case RETRYING -> DeliveryStatus.RETRYING.name();
                case FAILED, GAVE_UP -> DeliveryStatus.FAILED.name();
            });
            ps.setString(2, outcome.error() == null ? null : clip(outcome.error(), 1000));
            ps.setString(3, clip(String.join(", ", email.to()), 1000));
            ps.setString(4, email.messageId());
            ps.setObject(5, now);
            ps.setObject(6, sent ? now : null);
            // a retrying delivery stays with its message, which the broker redelivers
            ps.setBoolean(7, outcome.fate() == Fate.RETRYING);
            ps.setLong(8, email.deliveryId());
        });
        completeIfDone(outcomes.stream().map(outcome -> outcome.email().alertId()).distinct().toList());
    }

    private void completeIfDone(List<Long> alertIds) {
        alertIds.forEach(this::completeIfDone);
    }

    private void completeIfDone(long alertId) {
        // consumers finishing an alert's last deliveries at once would each count the other's, not yet committed, as
        // open, and none would mark the alert sent: they take turns on the alert row, each seeing the others' commits
        jdbc.sql("select id from alert where id = :alertId for update").param("alertId", alertId).query(Long.class).single();
        // is any still open? The first index entry answers it; a count(*) read every open delivery of the alert for
        // every email sent, under the lock: quadratic, and most of a 22,000-school fan-out's CPU (FanoutBenchmark)
        boolean open = !jdbc.sql("""
                select 1 from delivery where alert_id = :alertId and status in ('QUEUED', 'RETRYING') limit 1""")
                .param("alertId", alertId).query(Integer.class).list().isEmpty();
        if (!open) {
            alerts.finishSending(alertId);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
