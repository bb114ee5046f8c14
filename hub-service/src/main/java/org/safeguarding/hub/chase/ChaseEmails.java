package org.safeguarding.hub.chase;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.directory.ContactRole;
import org.safeguarding.hub.directory.SafeguardingContact;
import org.safeguarding.hub.delivery.EmailDraft;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the chase's emails say and who they go to: a reminder to the school's contacts for its step, with the school's
 * own acknowledgement link, or a local-authority digest listing the schools it was written with. A reminder whose
 * school has acknowledged since, or any chase email of an alert cancelled, updated or expired since, is not sent.
 */
@Component
public class ChaseEmails {

    static final String REMINDER = "email/reminder";
    static final String DIGEST = "email/la-digest";

    /** A school an LA digest lists; {@code reached}: the hub got the alert or a reminder to it by email. */
    public record ListedSchool(long urn, String name, String telephone, boolean reached) {
    }

    private final JdbcClient jdbc;
    private final ChaseLadder ladder;
    private final Clock clock;

    ChaseEmails(JdbcClient jdbc, ChaseLadder ladder, Clock clock) {
        this.jdbc = jdbc;
        this.ladder = ladder;
        this.clock = clock;
    }

    /**
     * @param schoolContacts the school's contacts with an email address (none for a digest)
     * @param model the alert's email model, to which this adds the chase's own fields
     */
    public EmailDraft draft(long deliveryId, ChaseStep step, Alert alert, List<SafeguardingContact> schoolContacts,
            Map<String, Object> model, Function<OffsetDateTime, String> inHubTime) {
        String template = step == ChaseStep.LA_ESCALATION ? DIGEST : REMINDER;
        String stopped = chaseStopped(alert.id(), step == ChaseStep.LA_ESCALATION ? null : (Long) model.get("urn"));
        if (stopped != null) {
            return EmailDraft.withdrawn(stopped + " before it went");
        }
        if (step == ChaseStep.LA_ESCALATION) {
            return digest(deliveryId, alert, model);
        }
        List<SafeguardingContact> to = step == ChaseStep.FIRST_REMINDER
                ? firstRoleHeld(schoolContacts)
                : schoolContacts.stream().filter(c -> step.roles().contains(c.role())).toList();
        boolean second = step == ChaseStep.SECOND_REMINDER;
        model.put("secondReminder", second);
        model.put("firstRemindedAt", second ? firstRemindedAt(alert.id(), (Long) model.get("urn"), inHubTime) : null);
        List<ChaseStep> steps = ladder.steps(alert.content().severity());
        int next = steps.indexOf(step) + 1;
        model.put("nextStep", next >= steps.size() ? null : switch (steps.get(next)) {
            case SECOND_REMINDER -> "the school's deputy DSL and head will be contacted";
            case LA_ESCALATION -> "the local authority's safeguarding team will be told";
            case FIRST_REMINDER -> null;
        });
        return EmailDraft.to(template, to, "REMINDER: ", null, step.nobodyToWriteTo());
    }

    /** The first reminder goes to the DSL; where the school has none with an email address, the deputy, else the head. */
    private static List<SafeguardingContact> firstRoleHeld(List<SafeguardingContact> contacts) {
        for (ContactRole role : List.of(ContactRole.DSL, ContactRole.DEPUTY_DSL, ContactRole.HEAD)) {
            List<SafeguardingContact> holders = contacts.stream().filter(c -> c.role() == role).toList();
            if (!holders.isEmpty()) {
                return holders;
            }
        }
        return List.of();
    }

    private EmailDraft digest(long deliveryId, Alert alert, Map<String, Object> model) {
        String addressee = jdbc.sql("select addressee from delivery where id = :id").param("id", deliveryId)
                .query(String.class).single();
        // the names the directory gives this address; the digest goes to the address as it was when written
        List<SafeguardingContact> to = jdbc.sql("""
                select distinct name from safeguarding_contact
                where role = 'LA_SAFEGUARDING' and lower(email) = :addressee order by name""")
                .param("addressee", addressee)
                .query((rs, n) -> new SafeguardingContact(0, ContactRole.LA_SAFEGUARDING, rs.getString("name"),
                        addressee, null))
                .list();
        List<ListedSchool> schools = jdbc.sql("""
                select e.urn, e.name, e.telephone,
                  exists (select 1 from delivery r where r.alert_id = s.alert_id and r.urn = s.urn
                          and r.status in ('SENT', 'DELIVERED')) as reached
                from digest_school s join establishment e on e.urn = s.urn
                where s.delivery_id = :id order by e.name, e.urn""")
                .param("id", deliveryId)
                .query((rs, n) -> new ListedSchool(rs.getLong("urn"), rs.getString("name"), rs.getString("telephone"),
                        rs.getBoolean("reached")))
                .list();
        model.put("schools", schools);
        model.put("schoolCount", schools.size());
        String end = (schools.size() == 1 ? "1 school has" : schools.size() + " schools have") + " not confirmed";
        return EmailDraft.to(DIGEST, to, "", end, addressee + " is no longer a local-authority safeguarding contact");
    }

    /** Why the chase has stopped for the school (or, with no school, for the whole alert); null while it goes on. */
    public String chaseStopped(long alertId, Long urn) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (jdbc.sql("select count(*) from alert a where a.id = :alertId and " + ChaseService.CHASED)
                .param("alertId", alertId).param("now", now).query(Integer.class).single() == 0) {
            return "the alert was cancelled, updated or expired";
        }
        if (urn != null && jdbc.sql("select count(*) from acknowledgement where alert_id = :alertId and urn = :urn")
                .param("alertId", alertId).param("urn", urn).query(Integer.class).single() > 0) {
            return "the school acknowledged the alert";
        }
        return null;
    }

    private String firstRemindedAt(long alertId, long urn, Function<OffsetDateTime, String> inHubTime) {
        return jdbc.sql("select created_at from delivery where alert_id = :alertId and urn = :urn and purpose = :step")
                .param("alertId", alertId).param("urn", urn).param("step", ChaseStep.FIRST_REMINDER.name())
                .query(OffsetDateTime.class).optional()
                .map(inHubTime).orElse("an earlier date");
    }
}
