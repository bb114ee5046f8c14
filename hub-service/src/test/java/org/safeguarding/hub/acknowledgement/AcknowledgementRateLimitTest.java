package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.support.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * Someone trying acknowledgement links from one address gets {@code max-requests-per-minute} answers a minute, then
 * 429. The hub's clock is one the test holds still, so all requests fall in one minute however slow the machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.acknowledgement.max-requests-per-minute=5"})
@ActiveProfiles("test")
class AcknowledgementRateLimitTest {

    static final MovableClock CLOCK = new MovableClock(Instant.parse("2031-03-04T10:15:00Z"));

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;

    @Autowired
    Environment environment;

    static Clock movableClock() {
        return CLOCK;
    }

    @Test
    void theSixthRequestInAMinuteFromOneAddressGets429UntilTheNextMinute() {
        TestBrowser browser = new TestBrowser(Integer.parseInt(environment.getProperty("local.server.port")));
        String link = "/ack/" + "A".repeat(43);

        for (int i = 1; i <= 5; i++) {
            CLOCK.set(Instant.parse("2031-03-04T10:15:00Z").plusSeconds(i * 10L));
            assertThat(browser.get(link).statusCode()).as("request %d in the minute", i).isEqualTo(404);
        }
        CLOCK.set(Instant.parse("2031-03-04T10:15:59Z"));
        HttpResponse<String> sixth = browser.get(link);
        assertThat(sixth.statusCode()).as("the sixth request in the minute").isEqualTo(429);
        assertThat(sixth.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(browser.get(link + "/letter.pdf").statusCode()).as("any /ack/ path").isEqualTo(429);
        assertThat(browser.get("/sign-in").statusCode()).as("other pages are not limited").isEqualTo(200);

        CLOCK.set(Instant.parse("2031-03-04T10:16:00Z"));
        assertThat(browser.get(link).statusCode()).as("the next minute").isEqualTo(404);
    }

    @Test
    void aPercentEncodedSpellingOfTheAckPathCountsAgainstTheSameLimit() {
        TestBrowser browser = new TestBrowser(Integer.parseInt(environment.getProperty("local.server.port")));
        String token = "B".repeat(43);
        CLOCK.set(Instant.parse("2031-03-04T11:00:00Z"));
        HttpResponse<String> encoded = browser.get("/%61ck/" + token);
        assertThat(encoded.statusCode()).as("the hub decodes /%61ck/ to /ack/").isEqualTo(404);
        assertThat(encoded.body()).contains("This link does not work");
        for (int i = 2; i <= 5; i++) {
            assertThat(browser.get("/%61ck/" + token).statusCode()).as("request %d in the minute", i).isEqualTo(404);
        }
        assertThat(browser.get("/%61ck/" + token).statusCode()).as("the sixth, spelt encoded").isEqualTo(429);
        assertThat(browser.get("/ack/" + token).statusCode()).as("the seventh, spelt plainly").isEqualTo(429);
    }
}
