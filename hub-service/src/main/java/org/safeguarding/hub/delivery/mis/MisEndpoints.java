package org.safeguarding.hub.delivery.mis;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The schools' MIS webhook endpoints, one per school, with the Standard Webhooks secret each is signed with. The
 * secret leaves this class only to sign or check a signature, and once, when the hub generated it, to the admin who
 * imported the file: no page, log or API answer shows it otherwise.
 */
@Repository
public class MisEndpoints {

    /** Standard Webhooks' secret form: whsec_ and the key in base64. */
    public static final String SECRET_PREFIX = "whsec_";
    /** Shortest key accepted: 24 bytes (192 bits); the hub generates 32. */
    public static final int MIN_SECRET_BYTES = 24;
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    MisEndpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A school's endpoint as pages show it: never its secret. */
    public record Endpoint(long urn, String url, boolean enabled, String disabledReason, OffsetDateTime disabledAt,
            OffsetDateTime updatedAt) {
    }

    /** A school's endpoint as stored, secret included, for the import to compare against. */
    public record Stored(String url, String secret, boolean enabled) {
    }

    public static String generateSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Why {@code secret} is not a usable Standard Webhooks secret; null when it is. Never repeats the secret. */
    public static String secretProblem(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return "Secret is not a Standard Webhooks secret: it must start with " + SECRET_PREFIX;
        }
        String key = secret.substring(SECRET_PREFIX.length());
        if (!BASE64.matcher(key).matches() || key.length() % 4 != 0) {
            return "Secret is malformed: after " + SECRET_PREFIX + " it must be base64";
        }
        if (Base64.getDecoder().decode(key).length < MIN_SECRET_BYTES) {
            return "Secret is too weak: its key must be at least " + MIN_SECRET_BYTES
                    + " bytes (leave it blank for the hub to generate one)";
        }
        return null;
    }

    public Map<Long, Stored> stored(Collection<Long> urns) {
        if (urns.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("select urn, url, secret, enabled from mis_endpoint where urn in (:urns)").param("urns", urns)
                .query((rs, n) -> Map.entry(rs.getLong("urn"),
                        new Stored(rs.getString("url"), rs.getString("secret"), rs.getBoolean("enabled"))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Registers or replaces a school's endpoint, enabled: a new import is how an admin re-enables one. */
    public void save(long urn, String url, String secret, OffsetDateTime now) {
        int updated = jdbc.sql("""
                update mis_endpoint set url = :url, secret = :secret, enabled = true, disabled_reason = null,
                  disabled_at = null, updated_at = :now where urn = :urn""")
                .param("urn", urn).param("url", url).param("secret", secret).param("now", now).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into mis_endpoint (urn, url, secret, enabled, updated_at)
                    values (:urn, :url, :secret, true, :now)""")
                    .param("urn", urn).param("url", url).param("secret", secret).param("now", now).update();
        }
    }

    public Optional<Endpoint> find(long urn) {
        return jdbc.sql("""
                select urn, url, enabled, disabled_reason, disabled_at, updated_at from mis_endpoint where urn = :urn""")
                .param("urn", urn)
                .query((rs, n) -> new Endpoint(rs.getLong("urn"), rs.getString("url"), rs.getBoolean("enabled"),
                        rs.getString("disabled_reason"), rs.getObject("disabled_at", OffsetDateTime.class),
                        rs.getObject("updated_at", OffsetDateTime.class)))
                .optional();
    }

    /** The secret a school's MIS signs its callbacks with, while its endpoint is registered (enabled or not). */
    public Optional<String> secretOf(long urn) {
        return jdbc.sql("select secret from mis_endpoint where urn = :urn").param("urn", urn).query(String.class)
                .optional();
    }

    /** The receiver answered 410 Gone: nothing more is sent there until an admin registers the endpoint again. */
    public void disable(long urn, String reason, OffsetDateTime now) {
        jdbc.sql("""
                update mis_endpoint set enabled = false, disabled_reason = :reason, disabled_at = :now, updated_at = :now
                where urn = :urn and enabled""")
                .param("urn", urn).param("reason", reason.length() <= 300 ? reason : reason.substring(0, 300))
                .param("now", now).update();
    }

    /** Endpoints disabled by their receivers, most recent first, for the ops dashboard. */
    public List<Endpoint> disabled(int limit) {
        return jdbc.sql("""
                select urn, url, enabled, disabled_reason, disabled_at, updated_at from mis_endpoint where not enabled
                order by disabled_at desc, urn limit :limit""")
                .param("limit", limit)
                .query((rs, n) -> new Endpoint(rs.getLong("urn"), rs.getString("url"), rs.getBoolean("enabled"),
                        rs.getString("disabled_reason"), rs.getObject("disabled_at", OffsetDateTime.class),
                        rs.getObject("updated_at", OffsetDateTime.class)))
                .list();
    }

    public int countDisabled() {
        return jdbc.sql("select count(*) from mis_endpoint where not enabled").query(Integer.class).single();
    }

    /** The school's latest MIS delivery, as the school page shows it. */
    public record LastDelivery(String reference, String status, String lastError, OffsetDateTime at) {
    }

    public Optional<LastDelivery> lastDelivery(long urn) {
        return jdbc.sql("""
                select a.reference, d.status, d.last_error, d.updated_at from delivery d join alert a on a.id = d.alert_id
                where d.urn = :urn and d.channel = 'MIS' and d.status <> 'UNREACHABLE'
                order by d.id desc limit 1""")
                .param("urn", urn)
                .query((rs, n) -> new LastDelivery(rs.getString("reference"), rs.getString("status"),
                        rs.getString("last_error"), rs.getObject("updated_at", OffsetDateTime.class)))
                .optional();
    }
}
