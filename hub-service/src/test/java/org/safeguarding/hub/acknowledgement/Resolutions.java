package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.alert.AlertApi;
import org.safeguarding.hub.delivery.HubApi;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Marking an alert resolved through the API, as the partnership does it: one approver ({@link #CHAIR}) raises the
 * all-clear, another (the {@link HubApi}'s approver) approves it, and the test waits until it is sent.
 */
public final class Resolutions {

    public static final String CHAIR = "resolve-chair";

    public final AlertApi http;
    private final HubApi api;

    public Resolutions(ApplicationContext context, HubApi api) {
        TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class), CHAIR,
                Role.APPROVER);
        this.http = new AlertApi(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        this.api = api;
    }

    /** POST /api/v1/alerts/{id}/resolve as the chair. */
    public HttpResponse<String> raise(long alertId, String message) {
        return http.post(CHAIR, "/api/v1/alerts/" + alertId + "/resolve", "application/json",
                BodyPublishers.ofString(http.write(Map.of("message", message))));
    }

    /** The chair raises the all-clear, the second approver approves it; returns it once it is SENT. */
    public JsonNode resolveAndApprove(long alertId, String message) {
        HttpResponse<String> raising = raise(alertId, message);
        assertThat(raising.statusCode()).as(raising.body()).isEqualTo(201);
        JsonNode approved = api.approve(http.read(raising));
        long id = approved.get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(id).get("status").asText()).isEqualTo("SENT"));
        return approved;
    }
}
