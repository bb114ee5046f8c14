package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.basic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The alert API as a client uses it, over real HTTP with Basic auth: raise, approve, and watch the fan-out. */
public final class HubApi {

    static final String RAISER = "fanout-raiser";
    static final String APPROVER = "fanout-approver";

    private final TestBrowser http;
    private final String raiser;
    private final String approver;
    private final UnaryOperator<String> passwordOf;
    private final ObjectMapper json = new ObjectMapper();

    /** Against the running hub of {@code context}, with a raiser and an approver account. */
    public HubApi(ApplicationContext context) {
        this(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")), RAISER, APPROVER,
                TestAccounts::password);
        AccountRepository accounts = context.getBean(AccountRepository.class);
        PasswordEncoder passwords = context.getBean(PasswordEncoder.class);
        TestAccounts.ensure(accounts, passwords, RAISER, Role.RAISER);
        TestAccounts.ensure(accounts, passwords, APPROVER, Role.APPROVER);
    }

    private HubApi(int port, String raiser, String approver, UnaryOperator<String> passwordOf) {
        this.http = new TestBrowser(port);
        this.raiser = raiser;
        this.approver = approver;
        this.passwordOf = passwordOf;
    }

    /** Against a hub of the embedded default on {@code port}, as its demo officer and chair. */
    public static HubApi demo(int port) {
        return new HubApi(port, "officer", "chair", user -> "demo-" + user);
    }

    /** DESIGN's alert JSON for the schools of one local authority, by email. */
    public static Map<String, Object> alert(String laCode, String title, String text, boolean exercise) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("title", title);
        alert.put("summary", "What happened: " + text);
        alert.put("adviceForSchools", "What to do: " + text);
        alert.put("severity", "SEVERE");
        alert.put("category", "ONLINE_SAFETY");
        alert.put("target", Map.of("localAuthorities", List.of(laCode)));
        alert.put("channels", List.of("EMAIL"));
        alert.put("ackDeadline", now.plusHours(8).toString());
        alert.put("expires", now.plusDays(14).toString());
        alert.put("exercise", exercise);
        return alert;
    }

    /** Raises the alert as the raiser and approves it as the approver; returns the API's answer to the approval. */
    public JsonNode raiseAndApprove(Map<String, Object> alert) {
        return approve(raise(alert));
    }

    /** Raises the alert as the raiser: it awaits approval. */
    public JsonNode raise(Map<String, Object> alert) {
        return call("POST", "/api/v1/alerts", raiser, alert, 201);
    }

    /** Raises an update of the alert with what changes as the raiser, approves it as the approver; the approval. */
    public JsonNode updateAndApprove(long alertId, Map<String, Object> changes) {
        return approve(call("POST", "/api/v1/alerts/" + alertId + "/update", raiser, changes, 201));
    }

    /** Cancels the alert as the approver: the answer names the Cancel message that tells the schools. */
    public JsonNode cancel(long alertId, String reason) {
        return call("POST", "/api/v1/alerts/" + alertId + "/cancel", approver, Map.of("reason", reason), 201);
    }

    /** Approves what was raised ({@code raised}: the API's answer to raising it) as the approver; the approval. */
    public JsonNode approve(JsonNode raised) {
        return call("POST", "/api/v1/alerts/" + raised.get("id").asLong() + "/approve", approver, null, 200);
    }

    public JsonNode status(long alertId) {
        return call("GET", "/api/v1/alerts/" + alertId, raiser, null, 200);
    }

    public JsonNode recipients(long alertId) {
        return call("GET", "/api/v1/alerts/" + alertId + "/recipients", raiser, null, 200);
    }

    /** The alert's one row in /recipients for the school (email is its only channel here). */
    public JsonNode recipient(long alertId, long urn) {
        for (JsonNode row : recipients(alertId)) {
            if (row.get("urn").asLong() == urn) {
                return row;
            }
        }
        throw new AssertionError("no row for URN " + urn + " in " + recipients(alertId));
    }

    private JsonNode call(String method, String path, String user, Object body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path))
                    .header("Accept", "application/json")
                    .header("Authorization", basic(user, passwordOf.apply(user)))
                    .method(method, body == null ? BodyPublishers.noBody()
                            : BodyPublishers.ofString(json.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build());
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
