package org.safeguarding.hub.delivery;

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
import java.util.Set;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.alert.Category;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.chase.ChaseEmails;
import org.safeguarding.hub.chase.ChaseStep;
import org.safeguarding.hub.directory.ContactRole;
import org.safeguarding.hub.directory.SafeguardingContact;
import org.safeguarding.hub.directory.Targeting;
import org.safeguarding.hub.routes.DeliveryBatch;
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
    private final ChaseEmails chaseEmails;
    private final DeliveryClaims claims;
    private final Clock clock;
    private final HubProperties hub;
    private final String messageIdDomain;
    /**
     * The alert the last email was rendered for: a fan-out renders the same alert for every school, and its content
     * and reference no longer change once it is approved. Its status may: never read the status from here.
     */
    private volatile Alert lastRendered;
    private volatile MessageParts lastParts;

    EmailDeliveryService(JdbcClient jdbc, JdbcTemplate jdbcTemplate, AlertService alerts, AcknowledgementLinks links,
            MessageTemplates templates, EmailWording wording, ChaseEmails chaseEmails, DeliveryClaims claims, Clock clock,
            HubProperties hub) {
        this.chaseEmails = chaseEmails;
        this.claims = claims;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.alerts = alerts;
        this.links = links;
        this.templates = templates;
        this.wording = wording;
        this.clock = clock;
        this.hub = hub;
        this.messageIdDomain = hub.messageIdDomain();
    }

    /** A claimed delivery and its school's contacts; an LA digest concerns several schools, so it has none. */
    private record Claimed(long deliveryId, long alertId, Long urn, String purpose, String schoolName,
            List<SafeguardingContact> contacts) {
    }

    @Override
    public List<OutgoingEmail> prepare(DeliveryBatch batch, String brokerMessageId) {
        OffsetDateTime now = now();
        if (claims.claim(batch, "EMAIL", brokerMessageId, now) == 0) {
            return List.of(); // already final, or another message is working on them
        }
        List<OutgoingEmail> emails = new ArrayList<>();
        Map<EmailDraft.Unsent, List<Long>> unsent = new HashMap<>();
        for (Claimed delivery : claimed(batch, brokerMessageId)) {
            Alert alert = approvedContent(delivery.alertId());
            EmailWording.Wording says = wording.of(alert);
            Map<String, Object> model = model(alert, says, delivery);
            // the one place an email is chosen: by its delivery's purpose, the message itself (worded by its msgType)
            // or a step of the chase
            EmailDraft draft = ChaseStep.ALERT.equals(delivery.purpose())
                    ? messageDraft(says, delivery.contacts())
                    : chaseEmails.draft(delivery.deliveryId(), ChaseStep.valueOf(delivery.purpose()), alert,
                            delivery.contacts(), model, this::inHubTime);
            if (draft.to().isEmpty()) {
                // e.g. its contacts were retired after it was planned, or a reminder's school has since acknowledged
                unsent.computeIfAbsent(draft.unsent(), why -> new ArrayList<>()).add(delivery.deliveryId());
            } else {
                emails.add(render(delivery, alert, says.subject(draft.subjectLead(), draft.subjectEnd()), draft, model));
            }
        }
        unsent.forEach((why, ids) -> claims.leaveUnsent(ids, why.status(), why.reason(), now));
        return emails;
    }

    /**
     * A made-up exercise alert's email for a made-up school, rendered as the fan-out renders it, about no real alert:
     * see {@link EmailRehearsal}.
     */
    OutgoingEmail rehearsal() {
        OffsetDateTime now = now();
        AlertContent content = new AlertContent("Rehearsal", "Nothing happened.", "Nothing to do.", "Dear parents",
                Severity.MINOR, Category.OTHER, new Targeting(List.of(), List.of(), List.of(), List.of(), List.of(0L)),
                Set.of(Channel.EMAIL), now.plusDays(1), now.plusDays(2), true);
        Alert alert = new Alert(0, "REHEARSAL", "urn:uuid:00000000-0000-0000-0000-000000000000", AlertStatus.SENDING,
                "Alert", null, content, "system", "", "system", "system", null, now, now, now, now, 1, null);
        Claimed school = new Claimed(0, 0, 0L, ChaseStep.ALERT, "Rehearsal School",
                List.of(new SafeguardingContact(0L, ContactRole.DSL, "Rehearsal", "dsl@rehearsal.invalid", null)));
        EmailWording.Wording says = wording.of(alert);
        EmailDraft draft = messageDraft(says, school.contacts());
        return render(school, alert, says.subject(draft.subjectLead(), draft.subjectEnd()), draft,
                model(alert, says, school));
    }

    /** The deliveries this message holds, with their school and its contacts, read in one statement. */
    private Collection<Claimed> claimed(DeliveryBatch batch, String brokerMessageId) {
        Map<Long, Claimed> claimed = new LinkedHashMap<>();
        jdbc.sql("""
                select d.id, d.alert_id, d.urn, d.purpose, e.name as school, c.name, c.email, c.role
                from delivery d left join establishment e on e.urn = d.urn
                  left join safeguarding_contact c on c.urn = d.urn and c.email is not null
                    and c.role in ('DSL', 'DEPUTY_DSL', 'HEAD')
                where d.id in (:ids) and d.claimed_by = :me and d.status in ('QUEUED', 'RETRYING')
                order by d.id, case c.role when 'DSL' then 1 when 'DEPUTY_DSL' then 2 else 3 end, c.name""")
                .param("ids", batch.deliveryIds()).param("me", brokerMessageId)
                .query(rs -> {
                    Claimed delivery = claimed.get(rs.getLong("id"));
                    if (delivery == null) {
                        delivery = new Claimed(rs.getLong("id"), rs.getLong("alert_id"),
                                rs.getObject("urn", Long.class), rs.getString("purpose"), rs.getString("school"),
                                new ArrayList<>());
                        claimed.put(delivery.deliveryId(), delivery);
                    }
                    if (rs.getString("email") != null) {
                        delivery.contacts().add(new SafeguardingContact(delivery.urn(),
                                ContactRole.valueOf(rs.getString("role")), rs.getString("name"), rs.getString("email"),
                                null));
                    }
                });
        return claimed.values();
    }

    /** The message itself goes to the school's safeguarding leads, or to its head when it has none. */
    private static EmailDraft messageDraft(EmailWording.Wording says, List<SafeguardingContact> contacts) {
        List<SafeguardingContact> leads = contacts.stream().filter(c -> c.role() != ContactRole.HEAD).toList();
        return EmailDraft.to(says.template(), leads.isEmpty() ? contacts : leads, "", null,
                DeliveryLedger.NO_EMAIL_CONTACT);
    }

    private OutgoingEmail render(Claimed delivery, Alert alert, String subject, EmailDraft draft,
            Map<String, Object> model) {
        model.put("subject", subject);
        String greeting = String.join(" and ", draft.to().stream().map(SafeguardingContact::name).toList());
        model.put("greeting", greeting);
        List<String> addresses = draft.to().stream().map(SafeguardingContact::email).toList();
        String messageId = "<delivery-" + delivery.deliveryId() + "." + alert.reference() + "@" + messageIdDomain + ">";
        String text;
        String html;
        if (ChaseStep.ALERT.equals(delivery.purpose()) && delivery.urn() != null) {
            // the message itself is the same for every school but for the school's own lines: rendered once per alert
            MessageParts parts = messageParts(alert, draft.template(), subject, model);
            Map<String, String> school = new HashMap<>();
            SCHOOL_SLOTS.forEach(slot -> school.put(slot, model.get(slot) == null ? "" : model.get(slot).toString()));
            text = parts.text().fill(school);
            html = parts.html().fill(school);
        } else {
            text = templates.render(draft.template() + ".txt", model);
            html = templates.render(draft.template() + ".html", model);
        }
        return new OutgoingEmail(delivery.deliveryId(), alert.id(), hub.email().from(), addresses, subject, text, html,
                messageId);
    }

    /** What differs between two schools' copies of the message itself. */
    private static final Set<String> SCHOOL_SLOTS = Set.of("greeting", "schoolName", "urn", "ackUrl");

    /** The message of one alert rendered with slots for {@link #SCHOOL_SLOTS}, text and HTML. */
    private record MessageParts(long alertId, String template, String subject, MessageTemplates.Slotted text,
            MessageTemplates.Slotted html) {
    }

    private MessageParts messageParts(Alert alert, String template, String subject, Map<String, Object> model) {
        MessageParts parts = lastParts;
        if (parts == null || parts.alertId() != alert.id() || !parts.template().equals(template)
                || !parts.subject().equals(subject)) {
            parts = new MessageParts(alert.id(), template, subject,
                    templates.renderWithSlots(template + ".txt", model, SCHOOL_SLOTS),
                    templates.renderWithSlots(template + ".html", model, SCHOOL_SLOTS));
            lastParts = parts;
        }
        return parts;
    }

    private Alert approvedContent(long alertId) {
        Alert alert = lastRendered;
        if (alert == null || alert.id() != alertId) {
            alert = alerts.get(alertId);
            lastRendered = alert;
        }
        return alert;
    }

    /** What every email about the alert shows, and the school's own link when the delivery is for one school. */
    private Map<String, Object> model(Alert alert, EmailWording.Wording says, Claimed delivery) {
        var content = alert.content();
        Map<String, Object> model = new HashMap<>(says.model());
        model.put("exercise", content.exercise());
        model.put("severity", content.severity().name());
        model.put("reference", alert.reference());
        model.put("title", content.title());
        model.put("summary", content.summary());
        model.put("advice", content.adviceForSchools());
        model.put("hasParentLetter", content.parentLetter() != null);
        model.put("ackDeadline", inHubTime(content.ackDeadline()));
        model.put("partnershipName", hub.partnershipName());
        if (delivery.urn() != null) {
            model.put("schoolName", delivery.schoolName());
            model.put("urn", delivery.urn());
            model.put("ackUrl", links.url(alert.id(), delivery.urn()));
        }
        return model;
    }

    private String inHubTime(OffsetDateTime at) {
        return WHEN.format(at.atZoneSameInstant(hub.timeZone()));
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
            ps.setString(2, LedgerText.fit(outcome.error()));
            ps.setString(3, LedgerText.fit(String.join(", ", email.to())));
            ps.setString(4, email.messageId());
            ps.setObject(5, now);
            ps.setObject(6, sent ? now : null);
            // a retrying delivery stays with its message, which the broker redelivers
            ps.setBoolean(7, outcome.fate() == Fate.RETRYING);
            ps.setLong(8, email.deliveryId());
        });
        claims.completeIfDone(outcomes.stream().map(outcome -> outcome.email().alertId()).toList());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
