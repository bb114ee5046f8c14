package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;

/**
 * The alert API as a partner system calls it: real HTTP/1.1 to 127.0.0.1, HTTP Basic with a test account's
 * password (or none, for {@code user == null}).
 */
public final class AlertApi {

    public static final String CAP = "application/cap+xml";

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    public AlertApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> raise(String user, Object alert) {
        return post(user, "/api/v1/alerts", "application/json", BodyPublishers.ofString(write(alert)));
    }

    /** Raises the alert and answers its id, failing the test unless the hub answered 201. */
    public long raised(String user, Object alert) {
        HttpResponse<String> response = raise(user, alert);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return read(response).get("id").asLong();
    }

    public HttpResponse<String> raiseCap(String user, byte[] xml) {
        return post(user, "/api/v1/alerts", CAP, BodyPublishers.ofByteArray(xml));
    }

    /** PUT /api/v1/alerts/{id}: the alert's content replaced, and submitted. */
    public HttpResponse<String> replace(String user, long id, Object alert) {
        return send(request(user, "/api/v1/alerts/" + id).header("Accept", "application/json")
                .header("Content-Type", "application/json").PUT(BodyPublishers.ofString(write(alert))).build());
    }

    public HttpResponse<String> approve(String user, long id) {
        return post(user, "/api/v1/alerts/" + id + "/approve", null, BodyPublishers.noBody());
    }

    /** Reject with {@code {"reason": reason}}, or with no body at all for a null reason. */
    public HttpResponse<String> reject(String user, long id, String reason) {
        return reason == null ? post(user, "/api/v1/alerts/" + id + "/reject", null, BodyPublishers.noBody())
                : post(user, "/api/v1/alerts/" + id + "/reject", "application/json",
                        BodyPublishers.ofString(write(java.util.Map.of("reason", reason))));
    }

    public HttpResponse<String> get(String user, String path, String accept) {
        return send(request(user, path).header("Accept", accept).GET().build());
    }

    public HttpResponse<String> post(String user, String path, String contentType, BodyPublisher body) {
        HttpRequest.Builder request = request(user, path).header("Accept", "application/json").POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public JsonNode read(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private HttpRequest.Builder request(String user, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (user != null) {
            request.header("Authorization", TestBrowser.basic(user, TestAccounts.password(user)));
        }
        return request;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
