package org.safeguarding.hub.delivery;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.routes.email.EmailDeliveries;
import org.safeguarding.hub.routes.email.OutgoingEmail;
import org.safeguarding.hub.routes.email.UnreadableDeliveryException;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The email channel's side of the ledger: claim, render for the school, record the outcome. */
@Service
@Transactional
public class EmailDeliveryService implements EmailDeliveries {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm", Locale.UK);

    private final JdbcClient jdbc;
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

    EmailDeliveryService(JdbcClient jdbc, AlertService alerts, AcknowledgementLinks links, MessageTemplates templates,
            EmailWording wording, Clock clock, HubProperties hub) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.links = links;
        this.templates = templates;
        this.wording = wording;
        this.clock = clock;
        this.hub = hub;
        String host = URI.create(hub.publicBaseUrl()).getHost();
        this.messageIdDomain = host == null ? "safeguarding-alert-hub" : host;
    }

    private record Claimed(long alertId, long urn, String schoolName) {
    }

    @Override
    public OutgoingEmail prepare(long deliveryId, String brokerMessageId) {
        int claimed = jdbc.sql("""
                update delivery set claimed_by = :me, updated_at = :now
                where id = :id and channel = 'EMAIL' and status in ('QUEUED', 'RETRYING')
                  and (claimed_by is null or claimed_by = :me)""")
                .param("me", brokerMessageId).param("now", now()).param("id", deliveryId).update();
        if (claimed == 0) {
            if (jdbc.sql("select count(*) from delivery where id = :id and channel = 'EMAIL'").param("id", deliveryId)
                    .query(Integer.class).single() == 0) {
                throw new UnreadableDeliveryException("no email delivery " + deliveryId);
            }
            return null; // already final, or another message is working on it
        }
        Claimed delivery = jdbc.sql("""
                select d.alert_id, d.urn, e.name from delivery d join establishment e on e.urn = d.urn where d.id = :id""")
                .param("id", deliveryId)
                .query((rs, n) -> new Claimed(rs.getLong("alert_id"), rs.getLong("urn"), rs.getString("name"))).single();
        List<String[]> contacts = jdbc.sql("""
                select name, email, role from safeguarding_contact
                where urn = :urn and email is not null and role in ('DSL', 'DEPUTY_DSL', 'HEAD')
                order by case role when 'DSL' then 1 when 'DEPUTY_DSL' then 2 else 3 end, name""")
                .param("urn", delivery.urn())
                .query((rs, n) -> new String[] {rs.getString("name"), rs.getString("email"), rs.getString("role")}).list();
        List<String[]> leads = contacts.stream().filter(c -> !"HEAD".equals(c[2])).toList();
        List<String[]> to = leads.isEmpty() ? contacts : leads;
        if (to.isEmpty()) {
            unreachable(deliveryId, delivery.alertId());
            return null;
        }
        Alert alert = approvedContent(delivery.alertId());
        Map<String, Object> model = model(alert, delivery, to);
        List<String> addresses = to.stream().map(c -> c[1]).toList();
        String messageId = "<delivery-" + deliveryId + "." + alert.reference() + "@" + messageIdDomain + ">";
        jdbc.sql("update delivery set recipient = :recipient, message_id = :messageId where id = :id")
                .param("recipient", clip(String.join(", ", addresses), 1000)).param("messageId", messageId)
                .param("id", deliveryId).update();
        return new OutgoingEmail(deliveryId, hub.email().from(), addresses, (String) model.get("subject"),
                templates.render(model.get("template") + ".txt", model),
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

    private Map<String, Object> model(Alert alert, Claimed delivery, List<String[]> to) {
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
        model.put("greeting", String.join(" and ", to.stream().map(c -> c[0]).toList()));
        model.put("ackUrl", links.url(alert.id(), delivery.urn()));
        model.put("ackDeadline", WHEN.format(content.ackDeadline().atZoneSameInstant(hub.timeZone())));
        model.put("partnershipName", hub.partnershipName());
        return model;
    }

    @Override
    public void sent(long deliveryId) {
        long alertId = finish(deliveryId, "SENT", null, null);
        completeIfDone(alertId);
    }

    @Override
    public void sentPartly(long deliveryId, String refusal) {
        long alertId = finish(deliveryId, "SENT", null, "Sent, but some addresses were refused: " + refusal);
        completeIfDone(alertId);
    }

    @Override
    public void retrying(long deliveryId, int attempt, String error) {
        jdbc.sql("""
                update delivery set status = 'RETRYING', attempts = :attempt, last_error = :error, updated_at = :now
                where id = :id and status in ('QUEUED', 'RETRYING')""")
                .param("attempt", attempt).param("error", clip(error, 1000)).param("now", now()).param("id", deliveryId)
                .update();
    }

    @Override
    public void failed(long deliveryId, int attempts, String error) {
        long alertId = finish(deliveryId, "FAILED", attempts, error);
        completeIfDone(alertId);
    }

    private void unreachable(long deliveryId, long alertId) {
        finish(deliveryId, "UNREACHABLE", 0, "The school has no safeguarding contact with an email address");
        completeIfDone(alertId);
    }

    private long finish(long deliveryId, String status, Integer attempts, String error) {
        jdbc.sql("""
                update delivery set status = :status, attempts = coalesce(:attempts, attempts + 1),
                  last_error = coalesce(:error, last_error), updated_at = :now,
                  sent_at = case when :status = 'SENT' then :now else sent_at end, claimed_by = null
                where id = :id and status in ('QUEUED', 'RETRYING')""")
                .param("status", status).param("attempts", attempts).param("error", error == null ? null : clip(error, 1000))
                .param("now", now()).param("id", deliveryId).update();
        return jdbc.sql("select alert_id from delivery where id = :id").param("id", deliveryId).query(Long.class).single();
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
