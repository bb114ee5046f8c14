package org.safeguarding.hub.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One private acknowledgement link per school per alert, shared by the school's contacts and channels. The token is
 * an HMAC-SHA256 (256 bits) of the alert and school under a 256-bit key the hub generated for itself, so it can be
 * put in every email and reminder without being stored: the database keeps only its SHA-256 hash, to find the
 * school when the link is used.
 */
@Component
public class AcknowledgementLinks {

    static final String SECRET_NAME = "acknowledgement-link-key";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final Clock clock;
    private final String baseUrl;
    private volatile byte[] key;

    AcknowledgementLinks(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Clock clock, HubProperties hub) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.clock = clock;
        this.baseUrl = hub.publicBaseUrl().replaceAll("/+$", "");
    }

    public String url(long alertId, long urn) {
        return baseUrl + "/ack/" + token(alertId, urn);
    }

    public String token(long alertId, long urn) {
        return hmac("ack:" + alertId + ":" + urn);
    }

    /**
     * The private link of a text covering several schools (one mobile number for all of them): a page listing each
     * school's own link. Derived from the text's id like a school's link; only its hash is stored, with the text.
     */
    public String schoolsUrl(long smsTextId) {
        return baseUrl + "/ack/schools/" + schoolsToken(smsTextId);
    }

    public String schoolsToken(long smsTextId) {
        return hmac("sms-schools:" + smsTextId);
    }

    private String hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] token = mac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Records the hash of the link of each school after urn {@code afterUrn} up to {@code upToUrn} the alert has
     * deliveries for, once, so the link can be resolved later. Run in the transaction planning those schools; a
     * re-planned alert registers only schools it did not have before.
     */
    void registerForDeliveries(long alertId, OffsetDateTime expiresAt, long afterUrn, long upToUrn) {
        // the range said again inside "not exists", as in DeliveryLedger.planChunk: no plan reads the alert's every link
        List<Long> urns = jdbc.sql("""
                select distinct d.urn from delivery d where d.alert_id = :alertId and d.urn > :after and d.urn <= :upTo
                  and not exists (select 1 from acknowledgement_link l where l.alert_id = d.alert_id and l.urn = d.urn
                                  and l.urn > :after and l.urn <= :upTo)""")
                .param("alertId", alertId).param("after", afterUrn).param("upTo", upToUrn).query(Long.class).list();
        OffsetDateTime now = OffsetDateTime.now(clock);
        // one batched statement, not one round trip per school: a national alert registers 22,000 links
        jdbcTemplate.batchUpdate("""
                insert into acknowledgement_link (token_hash, alert_id, urn, created_at, expires_at)
                values (?, ?, ?, ?, ?)""", urns, 1000, (ps, urn) -> {
                    ps.setString(1, hash(token(alertId, urn)));
                    ps.setLong(2, alertId);
                    ps.setLong(3, urn);
                    ps.setObject(4, now);
                    ps.setObject(5, expiresAt);
                });
    }

    private byte[] key() {
        byte[] loaded = key;
        if (loaded == null) {
            synchronized (this) {
                if (key == null) {
                    key = loadOrCreateKey();
                }
                loaded = key;
            }
        }
        return loaded;
    }

    private byte[] loadOrCreateKey() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            jdbc.sql("""
                    insert into hub_secret (name, secret, created_at) select :name, :secret, :now
                    where not exists (select 1 from hub_secret where name = :name)""")
                    .param("name", SECRET_NAME).param("secret", Base64.getEncoder().encodeToString(fresh))
                    .param("now", OffsetDateTime.now(clock)).update();
        } catch (DuplicateKeyException anotherReplicaWasFirst) {
            // fine: read theirs below
        }
        // another replica may have won the race: everyone uses the stored key
        return Base64.getDecoder().decode(jdbc.sql("select secret from hub_secret where name = :name")
                .param("name", SECRET_NAME).query(String.class).single());
    }
}
