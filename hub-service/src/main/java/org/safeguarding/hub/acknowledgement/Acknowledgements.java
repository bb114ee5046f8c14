package org.safeguarding.hub.acknowledgement;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Pattern;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertChain;
import org.safeguarding.hub.alert.AlertFollowUps;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resolves acknowledgement links and records acknowledgements. A token that is malformed, unknown, forged or
 * expired resolves to nothing, the same way: the caller cannot tell which.
 */
@Service
@Transactional
public class Acknowledgements {

    /** 32 bytes of HMAC in unpadded base64url. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final JdbcClient jdbc;
    private final AlertFollowUps followUps;
    private final AuditTrail audit;
    private final Clock clock;

    Acknowledgements(JdbcClient jdbc, AlertFollowUps followUps, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.followUps = followUps;
        this.audit = audit;
        this.clock = clock;
    }

    private record Link(long alertId, long urn, String schoolName) {
    }

    @Transactional(readOnly = true)
    Optional<SchoolLink> resolve(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select l.alert_id, l.urn, e.name from acknowledgement_link l join establishment e on e.urn = l.urn
                where l.token_hash = :hash and l.expires_at > :now""")
                .param("hash", AcknowledgementLinks.hash(token)).param("now", OffsetDateTime.now(clock))
                .query((rs, n) -> new Link(rs.getLong("alert_id"), rs.getLong("urn"), rs.getString("name")))
                .optional()
                .map(link -> {
                    AlertChain chain = followUps.chain(link.alertId());
                    Alert alert = chain.message(link.alertId());
                    return new SchoolLink(alert, link.urn(), link.schoolName(), find(link.alertId(), link.urn()),
                            chain.cancellation().or(() -> chain.supersededBy(alert)));
                });
    }

    /** Records the school's acknowledgement once; a second call changes nothing and returns the first. */
    Acknowledgement acknowledge(SchoolLink link, AcknowledgementForm form, String clientAddress) {
        // two contacts of one school confirming at the same moment: the loser's insert fails on the primary key and
        // the page shows the winner's acknowledgement on reload
        int recorded = jdbc.sql("""
                insert into acknowledgement (alert_id, urn, acknowledged_by, role, actions, acknowledged_at,
                  client_address)
                select :alertId, :urn, :name, :role, :actions, :now, :address
                where not exists (select 1 from acknowledgement where alert_id = :alertId and urn = :urn)""")
                .param("alertId", link.alert().id()).param("urn", link.urn()).param("name", form.name().strip())
                .param("role", form.role().strip()).param("actions", form.actions().strip())
                .param("now", OffsetDateTime.now(clock)).param("address", clientAddress)
                .update();
        if (recorded == 0) {
            return find(link.alert().id(), link.urn()).orElseThrow();
        }
        // the link proves which school this is, not who typed: the name is what the school said, not an account
        audit.record(schoolActor(link.urn()), null, AuditAction.ALERT_ACKNOWLEDGED, AuditEvent.ALERT,
                link.alert().id(), "URN " + link.urn() + " " + link.schoolName() + ", confirmed by (as typed) "
                        + form.name().strip() + " (" + form.role().strip() + "): " + form.actions().strip());
        return find(link.alert().id(), link.urn()).orElseThrow();
    }

    /** The audit trail's actor for what a school does through its link: {@code school:<urn>}. */
    public static String schoolActor(long urn) {
        return "school:" + urn;
    }

    @Transactional(readOnly = true)
    public Optional<Acknowledgement> find(long alertId, long urn) {
        return jdbc.sql("""
                select alert_id, urn, acknowledged_by, role, actions, acknowledged_at from acknowledgement
                where alert_id = :alertId and urn = :urn""")
                .param("alertId", alertId).param("urn", urn)
                .query((rs, n) -> new Acknowledgement(rs.getLong("alert_id"), rs.getLong("urn"),
                        rs.getString("acknowledged_by"), rs.getString("role"), rs.getString("actions"),
                        rs.getObject("acknowledged_at", OffsetDateTime.class)))
                .optional();
    }
}
