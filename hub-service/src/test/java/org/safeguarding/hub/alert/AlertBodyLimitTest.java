package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * AlertBodyLimit over real HTTP: a body of hub.alerts.max-request-bytes is read, one byte more is 413, whether the
 * client announces its length or streams it chunked; nothing is created from an oversized body.
 */
class AlertBodyLimitTest extends AlertApiTestBase {

    private static final String RAISER = "limit-raiser";

    @Autowired
    HubProperties hub;

    int limit;

    @BeforeEach
    void raiserAndDirectory() throws Exception {
        account(RAISER, Role.RAISER);
        limit = hub.alerts().maxRequestBytes();
    }

    @Test
    void aBodyOfExactlyTheLimitIsRaised() {
        String title = "At the limit " + UUID.randomUUID();

        HttpResponse<String> response = post(BodyPublishers.ofByteArray(jsonOfLength(title, limit)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(created(title)).isEqualTo(1);
    }

    @Test
    void oneByteMoreWithContentLengthIs413() {
        String title = "Announced too large " + UUID.randomUUID();
        BodyPublisher body = BodyPublishers.ofByteArray(jsonOfLength(title, limit + 1));
        assertThat(body.contentLength()).as("sent with a Content-Length").isEqualTo(limit + 1);

        tooLarge(post(body));
        assertThat(created(title)).isZero();
    }

    @Test
    void oneByteMoreStreamedChunkedIs413() {
        String title = "Chunked too large " + UUID.randomUUID();
        byte[] json = jsonOfLength(title, limit + 1);
        BodyPublisher body = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json));
        assertThat(body.contentLength()).as("no Content-Length: HTTP/1.1 chunked").isNegative();

        tooLarge(post(body));
        assertThat(created(title)).isZero();
    }

    @Test
    void aMuchLargerChunkedCapBodyIs413() {
        byte[] xml = ("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">" + "<!-- padding -->".repeat(limit / 4)
                + "</alert>").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = api.post(RAISER, "/api/v1/alerts", AlertApi.CAP,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(xml)));

        tooLarge(response);
    }

    @Test
    void anEditOverTheLimitIs413() {
        long id = api.raised(RAISER, AlertFixtures.alertJson("Edited too large"));
        Map<String, Object> json = AlertFixtures.alertJson("Edited too large");
        json.put("summary", "s".repeat(limit));

        tooLarge(api.replace(RAISER, id, json));
    }

    private void tooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(api.read(response).get("detail").asText()).isEqualTo("An alert request may be at most " + limit + " bytes");
    }

    private HttpResponse<String> post(BodyPublisher body) {
        return api.post(RAISER, "/api/v1/alerts", "application/json", body);
    }

    /** A valid alert, padded with JSON whitespace to exactly {@code length} bytes. */
    private byte[] jsonOfLength(String title, int length) {
        String json = api.write(AlertFixtures.alertJson(title));
        int padding = length - json.getBytes(StandardCharsets.UTF_8).length;
        assertThat(padding).isPositive();
        byte[] body = (json.substring(0, json.length() - 1) + " ".repeat(padding) + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(length);
        return body;
    }

    private int created(String title) {
        return jdbc.sql("select count(*) from alert where title = :t").param("t", title).query(Integer.class).single();
    }
}
