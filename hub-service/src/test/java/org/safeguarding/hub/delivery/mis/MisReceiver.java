package org.safeguarding.hub.delivery.mis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.directory.MisEndpointImport;
import org.springframework.context.ApplicationContext;

/**
 * Schools' MIS endpoints on a real HTTP server (WireMock on 127.0.0.1, a free port), each school its own path and
 * secret, registered with the hub through its real import. What each school received is read back, every request's
 * signature checked with the Standard Webhooks library as a vendor would.
 */
final class MisReceiver implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final Map<Long, String> secrets = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    /** One webhook as a school received it, its signature already verified. */
    record Received(String webhookId, long timestamp, JsonNode payload, String body, long receivedAtMillis) {
    }

    MisReceiver() {
        server.start();
    }

    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    String url(long urn) {
        return "http://127.0.0.1:" + server.port() + "/mis/" + urn;
    }

    String secret(long urn) {
        return secrets.get(urn);
    }

    /** Registers each school's endpoint here, with a secret of its own, through the hub's import. */
    void register(ApplicationContext context, List<Long> urns) {
        StringBuilder csv = new StringBuilder("URN,Url,Secret\n");
        for (long urn : urns) {
            secrets.put(urn, newSecret());
            csv.append(urn).append(',').append(url(urn)).append(',').append(secrets.get(urn)).append('\n');
        }
        try {
            MisEndpointImport.Report report = context.getBean(MisEndpointImport.class)
                    .importCsv(new java.io.ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
            assertThat(report.rejected()).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The school's endpoint answers every webhook this way. */
    void answers(long urn, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo("/mis/" + urn)).willReturn(response));
    }

    /** The school's endpoint answers webhooks in this order, then keeps answering the last way. */
    void answersInTurn(long urn, ResponseDefinitionBuilder... responses) {
        String scenario = "school-" + urn;
        for (int i = 0; i < responses.length; i++) {
            server.stubFor(post(urlEqualTo("/mis/" + urn)).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer-" + i)
                    .willReturn(responses[i])
                    .willSetStateTo(i == responses.length - 1 ? "answer-" + i : "answer-" + (i + 1)));
        }
    }

    static ResponseDefinitionBuilder status(int status) {
        return aResponse().withStatus(status);
    }

    /** What the school's endpoint received, in order; fails when any signature does not verify with its secret. */
    List<Received> receivedBy(long urn) {
        List<Received> received = new ArrayList<>();
        for (LoggedRequest request : server.findAll(postRequestedFor(urlEqualTo("/mis/" + urn)))) {
            String body = request.getBodyAsString();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
                assertThat(request.containsHeader(name)).as(name + " header").isTrue();
                headers.put(name, List.of(request.getHeader(name)));
            }
            try {
                new Webhook(secrets.get(urn)).verify(body, headers);
            } catch (WebhookVerificationException e) {
                throw new AssertionError("URN " + urn + ": the signature does not verify: " + e.getMessage(), e);
            }
            try {
                received.add(new Received(request.getHeader("webhook-id"),
                        Long.parseLong(request.getHeader("webhook-timestamp")), json.readTree(body), body,
                        request.getLoggedDate().getTime()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return received;
    }

    @Override
    public void close() {
        server.stop();
    }
}
