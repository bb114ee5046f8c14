package org.safeguarding.hub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.safeguarding.hub.delivery.mis.MisEndpoints;
import org.safeguarding.hub.delivery.mis.MisSignatures;
import org.safeguarding.hub.system.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The simulated school MIS of the embedded demo: what each demo school's MIS received, verified with the Standard
 * Webhooks library exactly as a vendor would. So the demo shows every path, a few schools behave badly: the first
 * two answer 500 twice to each message before taking it (retries), the third answers 410 Gone (its endpoint gets
 * disabled); and every fourth school's MIS acknowledges alerts back through the signed callback a few seconds later.
 */
@Component
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
class DemoMis {

    private static final Logger log = LoggerFactory.getLogger(DemoMis.class);
    static final int KEPT = 500;
    static final String PATH = "/demo/mis/";
    static final Duration ACK_AFTER = Duration.ofSeconds(5);

    /** What one school's MIS received, and what it answered. */
    record Received(Instant at, long urn, String webhookId, String type, String reference, String title,
            boolean signatureValid, int answered, String acknowledged) {
    }

    private final MisEndpoints endpoints;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final String callbackUrl;
    private final Deque<Received> received = new ConcurrentLinkedDeque<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile List<Long> demoSchools;

    DemoMis(MisEndpoints endpoints, JdbcClient jdbc, ObjectMapper json, HubProperties hub) {
        this.endpoints = endpoints;
        this.jdbc = jdbc;
        this.json = json;
        this.callbackUrl = hub.publicBaseUrl().replaceAll("/+$", "") + "/api/v1/mis/acknowledgements";
    }

    enum Behaviour { FINE, FLAKY, GONE, ACKNOWLEDGES }

    Behaviour behaviourOf(long urn) {
        List<Long> schools = demoSchools;
        if (schools == null) {
            schools = jdbc.sql("select urn from mis_endpoint where url like :demo order by urn")
                    .param("demo", "%" + PATH + "%").query(Long.class).list();
            demoSchools = schools;
        }
        int position = schools.indexOf(urn);
        return position < 0 ? Behaviour.FINE : position < 2 ? Behaviour.FLAKY : position == 2 ? Behaviour.GONE
                : position % 4 == 3 ? Behaviour.ACKNOWLEDGES : Behaviour.FINE;
    }

    /** A webhook arrives for the school: verify it, keep it, answer as the school's MIS does. */
    int receive(long urn, String body, UnaryOperator<String> headers) {
        Optional<String> secret = endpoints.secretOf(urn);
        boolean valid = secret.isPresent() && MisSignatures.verifies(secret.get(), body, headers);
        String webhookId = headers.apply("webhook-id") == null ? "" : headers.apply("webhook-id");
        JsonNode payload = read(body);
        Behaviour behaviour = behaviourOf(urn);
        int answer = !valid ? 401
                : behaviour == Behaviour.GONE ? 410
                : behaviour == Behaviour.FLAKY && attempts.merge(webhookId, 1, Integer::sum) <= 2 ? 500
                : 200;
        String type = payload.path("type").asText("?");
        String reference = payload.path("data").path("reference").asText("?");
        boolean acknowledges = answer == 200 && behaviour == Behaviour.ACKNOWLEDGES
                && (type.equals("alert.issued") || type.equals("alert.updated") || type.equals("alert.reminder"))
                // an all-clear is alert.updated too, but asks nothing: it comes without a link to acknowledge
                && payload.path("data").has("acknowledgeUrl");
        keep(new Received(Instant.now(), urn, webhookId, type, reference, payload.path("data").path("title").asText(""),
                valid, answer, acknowledges ? "acknowledging in " + ACK_AFTER.toSeconds() + " s" : null));
        if (acknowledges) {
            later.schedule(() -> acknowledge(urn, reference, secret.get()), ACK_AFTER.toSeconds(), TimeUnit.SECONDS);
        }
        return answer;
    }

    private void acknowledge(long urn, String reference, String secret) {
        try {
            String body = json.writeValueAsString(Map.of("urn", urn, "reference", reference,
                    "acknowledgedBy", Map.of("name", "Demo MIS user", "role", "Designated safeguarding lead"),
                    "actions", "Read in the school's MIS; staff briefed", "acknowledgedAt", Instant.now().toString()));
            String id = "ack_" + UUID.randomUUID();
            long timestamp = Instant.now().getEpochSecond();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(callbackUrl))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", new Webhook(secret).sign(id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            keep(new Received(Instant.now(), urn, id, "acknowledgement sent", reference, "", true,
                    response.statusCode(), "the hub answered " + response.statusCode()));
        } catch (Exception e) {
            log.warn("Demo MIS of URN {} could not acknowledge {}: {}", urn, reference, e.toString());
        }
    }

    private void keep(Received entry) {
        received.addFirst(entry);
        while (received.size() > KEPT) {
            received.pollLast();
        }
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }

    @PreDestroy
    void stop() {
        later.shutdownNow();
    }
}
