package org.safeguarding.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.demo.SyntheticDirectory;

/** The alert API of DESIGN's contract over real HTTP with Basic auth, as a raiser and an approver. */
final class HubApi {

    static final String RAISER = "standalone-officer";
    static final String APPROVER = "standalone-chair";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final ObjectMapper json;

    HubApi(int port, ObjectMapper json) {
        this.base = "http://127.0.0.1:" + port + "/api/v1/alerts";
        this.json = json;
    }

    /** Raises an EMAIL alert for every local authority of the synthetic area, and approves it; returns its id. */
    long raiseAndApproveForWholeArea(String title) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("title", title);
        alert.put("summary", "Children on a random video-chat site are being coerced into exposure.");
        alert.put("adviceForSchools", "Remind parents tonight; the letter is attached.");
        alert.put("severity", "SEVERE");
        alert.put("category", "ONLINE_SAFETY");
        alert.put("target", Map.of("localAuthorities",
                SyntheticDirectory.AREA.stream().map(SyntheticDirectory.LocalAuthority::code).toList()));
        alert.put("channels", List.of("EMAIL"));
        alert.put("ackDeadline", now.plusHours(8).toString());
        alert.put("expires", now.plusDays(14).toString());
        alert.put("exercise", false);
        HttpResponse<String> raised = post("", json.writeValueAsString(alert), RAISER);
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(201);
        long id = json.readTree(raised.body()).path("id").asLong();

        HttpResponse<String> approved = post("/" + id + "/approve", "", APPROVER);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json.readTree(approved.body()).path("status").asText()).isEqualTo("APPROVED");
        return id;
    }

    JsonNode status(long id) throws Exception {
        HttpResponse<String> response = http.send(request("/" + id, APPROVER).GET().build(),
                BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(String path, String body, String user) throws Exception {
        return http.send(request(path, user).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String user) {
        String credentials = user + ":" + TestAccounts.password(user);
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
}
