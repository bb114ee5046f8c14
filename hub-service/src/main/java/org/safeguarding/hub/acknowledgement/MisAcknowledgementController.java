package org.safeguarding.hub.acknowledgement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safeguarding.hub.acknowledgement.Acknowledgements.Via;
import org.safeguarding.hub.alert.AlertChain;
import org.safeguarding.hub.alert.AlertFollowUps;
import org.safeguarding.hub.delivery.mis.MisEndpoints;
import org.safeguarding.hub.delivery.mis.MisSignatures;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A school's MIS confirming an alert (DESIGN's "MIS acknowledgement"). No account: the request is signed per Standard
 * Webhooks with the secret of the school's endpoint, so only that school's MIS can confirm for it. Anything wrong with
 * the signature (unknown school, no endpoint, bad or stale signature) is the same 401, so a caller learns nothing.
 * A webhook-id the school has used already records nothing. The acknowledgement is the school's one acknowledgement
 * of the message, as the link's form records it: whichever comes first counts.
 */
@RestController
class MisAcknowledgementController {

    private static final int MAX_BODY_BYTES = 16 * 1024;
    /** Signatures are accepted for five minutes either side: a webhook-id is remembered at least that long. */
    private static final Duration REMEMBER_IDS = Duration.ofMinutes(15);

    private final MisEndpoints endpoints;
    private final Acknowledgements acknowledgements;
    private final AlertFollowUps followUps;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    MisAcknowledgementController(MisEndpoints endpoints, Acknowledgements acknowledgements, AlertFollowUps followUps,
            JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.acknowledgements = acknowledgements;
        this.followUps = followUps;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/api/v1/mis/acknowledgements")
    ResponseEntity<?> acknowledge(HttpServletRequest request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "The body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        JsonNode ack;
        try {
            ack = json.readTree(body);
        } catch (IOException unreadable) {
            ack = null;
        }
        // which school claims to be calling decides the secret; the signature then proves it, or nothing is said
        Optional<String> secret = ack != null && ack.path("urn").canConvertToLong()
                ? endpoints.secretOf(ack.path("urn").asLong()) : Optional.empty();
        if (secret.isEmpty() || !MisSignatures.verifies(secret.get(), body, request::getHeader)) {
            return problem(HttpStatus.UNAUTHORIZED, "The request is not signed with the school's MIS endpoint secret,"
                    + " or its webhook-timestamp is more than five minutes from the hub's clock");
        }
        long urn = ack.path("urn").asLong();
        if (!firstUse(urn, request.getHeader("webhook-id"))) {
            return ResponseEntity.ok(Map.of("urn", urn, "replayed", true));
        }
        String reference = text(ack, "reference", 60);
        String name = text(ack.path("acknowledgedBy"), "name", 200);
        String role = text(ack.path("acknowledgedBy"), "role", 100);
        String actions = text(ack, "actions", 2000);
        if (reference == null || name == null || role == null || actions == null) {
            return problem(HttpStatus.BAD_REQUEST, "reference, acknowledgedBy.name, acknowledgedBy.role and actions"
                    + " are required (at most 60, 200, 100 and 2,000 characters)");
        }
        Optional<Recipient> recipient = jdbc.sql("""
                select a.id, e.name from alert a join delivery d on d.alert_id = a.id and d.purpose = 'ALERT'
                  join establishment e on e.urn = d.urn
                where a.reference = :reference and d.urn = :urn fetch first 1 rows only""")
                .param("reference", reference).param("urn", urn)
                .query((rs, n) -> new Recipient(rs.getLong("id"), rs.getString("name"))).optional();
        if (recipient.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "No alert " + reference + " went to URN " + urn);
        }
        long alertId = recipient.get().alertId();
        AlertChain chain = followUps.chain(alertId);
        var alert = chain.message(alertId);
        Optional<String> why = !alert.asksAcknowledgement()
                ? Optional.of((alert.resolves() ? "an all-clear" : "a cancellation") + " asks for no acknowledgement")
                : chain.cancellation().map(c -> "it was withdrawn by " + c.reference())
                        .or(() -> chain.resolution().map(r -> "it was resolved by " + r.reference()))
                        .or(() -> chain.supersededBy(alert).map(u -> "it was replaced by " + u.reference()));
        if (why.isPresent() && acknowledgements.find(alertId, urn).isEmpty()) {
            return problem(HttpStatus.CONFLICT, reference + " cannot be acknowledged: " + why.get());
        }
        boolean already = acknowledgements.find(alertId, urn).isPresent();
        Acknowledgement recorded;
        try {
            recorded = acknowledgements.record(alertId, urn, recipient.get().schoolName(), name, role, actions,
                    request.getRemoteAddr(), Via.MIS, "mis:" + urn);
        } catch (DataIntegrityViolationException confirmedByLinkAtTheSameMoment) {
            recorded = acknowledgements.find(alertId, urn).orElseThrow();
            already = true;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("reference", reference);
        answer.put("urn", urn);
        answer.put("acknowledgedBy", Map.of("name", recorded.acknowledgedBy(), "role", recorded.role()));
        answer.put("acknowledgedAt", recorded.acknowledgedAt().toInstant().toString());
        answer.put("via", recorded.via());
        answer.put("alreadyAcknowledged", already);
        return ResponseEntity.ok(answer);
    }

    private record Recipient(long alertId, String schoolName) {
    }

    /** Whether this is the first time the school used this webhook-id (remembered for longer than a signature lives). */
    private boolean firstUse(long urn, String webhookId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("delete from mis_callback where received_at < :before").param("before", now.minus(REMEMBER_IDS))
                .update();
        try {
            return jdbc.sql("""
                    insert into mis_callback (urn, webhook_id, received_at) select :urn, :id, :now
                    where not exists (select 1 from mis_callback where urn = :urn and webhook_id = :id)""")
                    .param("urn", urn).param("id", webhookId).param("now", now).update() == 1;
        } catch (DataIntegrityViolationException sameIdAtTheSameMoment) {
            return false;
        }
    }

    private static String text(JsonNode node, String field, int max) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank() || value.asText().strip().length() > max) {
            return null;
        }
        return value.asText().strip();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
