package org.safeguarding.hub.acknowledgement;

import java.sql.ResultSet;
import java.sql.SQLException;
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

    private record Link(long alertId, long urn, String schoolName, Optional<Acknowledgement> acknowledgement) {
    }

    @Transactional(readOnly = true)
    Optional<SchoolLink> resolve(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select l.alert_id, l.urn, e.name, a.acknowledged_by, a.role, a.actions, a.acknowledged_at, a.via
                from acknowledgement_link l join establishment e on e.urn = l.urn
                  left join acknowledgement a on a.alert_id = l.alert_id and a.urn = l.urn
                where l.token_hash = :hash and l.expires_at > :now""")
                .param("hash", AcknowledgementLinks.hash(token)).param("now", OffsetDateTime.now(clock))
                .query((rs, n) -> new Link(rs.getLong("alert_id"), rs.getLong("urn"), rs.getString("name"),
                        rs.getObject("acknowledged_at") == null ? Optional.empty() : Optional.of(acknowledgement(rs))))
                .optional()
                .map(link -> {
                    AlertChain chain = followUps.chain(link.alertId());
                    Alert alert = chain.message(link.alertId());
                    return new SchoolLink(alert, link.urn(), link.schoolName(), link.acknowledgement(),
                            chain.cancellation().or(chain::resolution).or(() -> chain.supersededBy(alert)));
                });
    }

    /** Records the school's acknowledgement once; a second call changes nothing and returns the first. */
    Acknowledgement acknowledge(SchoolLink link, AcknowledgementForm form, String clientAddress) {
        return record(link.alert().id(), link.urn(), link.schoolName(), form.name().strip(), form.role().strip(),
                form.actionsTaken(), clientAddress, Via.LINK, schoolActor(link.urn()));
    }

    /** How an acknowledgement came: the link's form, or the school's MIS (its signed callback). */
    public enum Via {
        LINK, MIS
    }

    /**
     * Records a school's acknowledgement once, whichever way it came (the first counts; a later one changes nothing
     * and gets the first back), and audits it as done by {@code actor}.
     */
    public Acknowledgement record(long alertId, long urn, String schoolName, String name, String role, String actions,
            String clientAddress, Via via, String actor) {
        // two contacts of one school confirming at the same moment: the loser's insert fails on the primary key and
        // the page shows the winner's acknowledgement on reload
        int recorded = jdbc.sql("""
                insert into acknowledgement (alert_id, urn, acknowledged_by, role, actions, acknowledged_at,
                  client_address, via)
                select :alertId, :urn, :name, :role, :actions, :now, :address, :via
                where not exists (select 1 from acknowledgement where alert_id = :alertId and urn = :urn)""")
                .param("alertId", alertId).param("urn", urn).param("name", name).param("role", role)
                .param("actions", actions).param("now", OffsetDateTime.now(clock)).param("address", clientAddress)
                .param("via", via.name())
                .update();
        if (recorded == 1) {
            // the link (or the MIS's signature) proves which school this is, not who typed: the name is what the
            // school said, not an account
            audit.record(actor, null, AuditAction.ALERT_ACKNOWLEDGED, AuditEvent.ALERT, alertId,
                    "URN " + urn + " " + schoolName + (via == Via.MIS ? " by its MIS" : "") + ", confirmed by (as typed) "
                            + name + " (" + role + ")" + (actions.isBlank() ? "" : ": " + actions));
        }
        return find(alertId, urn).orElseThrow();
    }

    /** The audit trail's actor for what a school does through its link: {@code school:<urn>}. */
    public static String schoolActor(long urn) {
        return "school:" + urn;
    }

    @Transactional(readOnly = true)
    public Optional<Acknowledgement> find(long alertId, long urn) {
        return jdbc.sql("""
                select alert_id, urn, acknowledged_by, role, actions, acknowledged_at, via from acknowledgement
                where alert_id = :alertId and urn = :urn""")
                .param("alertId", alertId).param("urn", urn)
                .query((rs, n) -> acknowledgement(rs))
                .optional();
    }

    private static Acknowledgement acknowledgement(ResultSet rs) throws SQLException {
        return new Acknowledgement(rs.getLong("alert_id"), rs.getLong("urn"), rs.getString("acknowledged_by"),
                rs.getString("role"), rs.getString("actions"), rs.getObject("acknowledged_at", OffsetDateTime.class),
                rs.getString("via"));
    }
}
