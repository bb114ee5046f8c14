package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.delivery.TestSchools;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Acknowledgement throttling that fits schools, at its default limits, over real HTTP: each request comes from the
 * client address its X-Forwarded-For names (the test's 127.0.0.1 is the trusted proxy, as a school's reverse proxy
 * would be). The hub's clock is one the test holds still, so all requests fall in one minute however slow the machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.outbox.poll-interval=200",
        // a context of its own, numbering its alerts from 1 like the shared one: its own prefix keeps their emails
        // (Message-IDs carry the reference) apart in the GreenMail server all acknowledgement tests share
        "hub.alerts.reference-prefix=ACKLIMIT",
        "hub.trusted-proxies=127.0.0.1"})
@ActiveProfiles("test")
class AcknowledgementRateLimitTest extends AcknowledgementTestBase {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void threeHundredSchoolsBehindOneAddressEachOpenTheirLink() {
        SentAlerts.Sent alert = alerts.send(TestSchools.importInto(context, "861", 8_610_001, 300),
                "Three hundred schools", null);
        assertThat(alert.tokens()).hasSizeGreaterThanOrEqualTo(300);
        alert.tokens().forEach((urn, token) -> {
            assertThat(get("198.51.100.1", "/ack/" + token).statusCode()).as("school %d", urn).isEqualTo(200);
            assertThat(get("198.51.100.1", "/ack/" + token).statusCode()).as("school %d again", urn).isEqualTo(200);
        });
    }

    @Test
    void oneLinkOpenedOverAndOverGets429ForThatLinkOnly() {
        SentAlerts.Sent alert = alerts.send(TestSchools.importInto(context, "862", 8_620_001, 2), "Hammered link", null);
        String hammered = "/ack/" + alert.token(8_620_001);
        for (int i = 1; i <= 30; i++) {
            // /%61ck/ is decoded to /ack/ and reaches the same page: it counts the same
            String spelling = i % 2 == 0 ? hammered : hammered.replace("/ack/", "/%61ck/");
            assertThat(get("198.51.100.2", spelling).statusCode()).as("request %d in the minute", i).isEqualTo(200);
        }
        HttpResponse<String> refused = get("198.51.100.3", hammered);
        assertThat(refused.statusCode()).as("the 31st, from any address").isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 60L));
        assertThat(get("198.51.100.2", "/ack/" + alert.token(8_620_002)).statusCode())
                .as("another school's link from the same address").isEqualTo(200);

        CLOCK.set(CLOCK.instant().plusSeconds(60));
        assertThat(get("198.51.100.2", hammered).statusCode()).as("a minute later").isEqualTo(200);
    }

    @Test
    void aGuesserOfLinksGets429AndTheSchoolsElsewhereDoNot() {
        SentAlerts.Sent alert = alerts.send(TestSchools.importInto(context, "863", 8_630_001, 1), "Guessed links", null);
        for (int i = 1; i <= 30; i++) {
            assertThat(get("203.0.113.50", "/ack/" + randomToken()).statusCode()).as("guess %d", i).isEqualTo(404);
        }
        assertThat(get("203.0.113.50", "/ack/" + randomToken()).statusCode()).as("the 31st guess").isEqualTo(429);
        assertThat(get("203.0.113.50", "/ack/" + alert.token(8_630_001)).statusCode())
                .as("a real link from the guesser's address, told nothing either").isEqualTo(429);
        assertThat(get("203.0.113.51", "/ack/" + alert.token(8_630_001)).statusCode())
                .as("the school, from its own address").isEqualTo(200);
    }

    @Test
    void xForwardedForFromTheTrustedProxyIsTheClientAddress() {
        SentAlerts.Sent alert = alerts.send(TestSchools.importInto(context, "864", 8_640_001, 1), "Proxied", null);
        for (int i = 1; i <= 30; i++) {
            assertThat(get("203.0.113.60, 192.0.2.77", "/ack/" + randomToken()).statusCode()).isEqualTo(404);
        }
        assertThat(get("192.0.2.77", "/ack/" + alert.token(8_640_001)).statusCode())
                .as("the client is the address the trusted proxy saw, the last before it").isEqualTo(429);
        assertThat(get("203.0.113.60", "/ack/" + alert.token(8_640_001)).statusCode())
                .as("the address the client itself wrote is not believed").isEqualTo(200);
    }

    private HttpResponse<String> get(String forwardedFor, String path) {
        return browser.send(HttpRequest.newBuilder(browser.uri(path)).header("Accept", "text/html")
                .header("X-Forwarded-For", forwardedFor).GET().build());
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
