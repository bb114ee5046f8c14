package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safeguarding.hub.support.HubsOnOnePostgres;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The acknowledgement links' limits held by two hub instances on one PostgreSQL, as two production replicas hold
 * them: each instance's own filter, the requests alternating between the two. What lies behind the filter (the page,
 * or "this link does not work") is the test's answer, so only the limits are under test. Small limits here: 25
 * requests a minute from an address, 10 answers of "this link does not work".
 */
class AcknowledgementRateLimitPostgresTest {

    static final int PER_ADDRESS = 25;
    static final int INVALID_PER_ADDRESS = 10;

    @RegisterExtension
    static final HubsOnOnePostgres HUBS = new HubsOnOnePostgres();
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void twoInstancesOnOnePostgres() throws Exception {
        List<String> limits = List.of(
                "--hub.acknowledgement.max-requests-per-address-per-minute=" + PER_ADDRESS,
                "--hub.acknowledgement.max-invalid-links-per-address-per-minute=" + INVALID_PER_ADDRESS,
                "--hub.acknowledgement.max-requests-per-link-per-minute=1000");
        first = HUBS.start(limits);
        second = HUBS.start(limits);
    }

    @Test
    void schoolsBehindOneAddressAreServedNoMoreThanTheAddressLimitWhicheverInstanceTheyReach() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2 * PER_ADDRESS; i++) {
            statuses.add(request(i % 2 == 0 ? first : second, "198.51.100.9", "school-link-" + i, 200).getStatus());
        }
        long served = statuses.stream().filter(status -> status == 200).count();
        assertThat(served).as("served in the minute, by both instances together: never more than the limit, and "
                        + "no fewer than the limit less one lease per instance")
                .isLessThanOrEqualTo(PER_ADDRESS)
                .isGreaterThanOrEqualTo(PER_ADDRESS - 2L * AcknowledgementRateLimit.LEASE);
        assertThat(statuses.subList(statuses.size() - 4, statuses.size())).as("once spent, both instances refuse")
                .containsOnly(429);
    }

    @Test
    void aGuesserGetsTheInvalidLinkAnswersOfItsMinuteAndAtMostOneMorePerOtherInstance() throws Exception {
        int answered = 0;
        List<Integer> refusedBy = new ArrayList<>();
        for (int i = 0; i < 3 * INVALID_PER_ADDRESS; i++) {
            MockHttpServletResponse response = request(i % 2 == 0 ? first : second, "203.0.113.9", "guess-" + i,
                    HttpServletResponse.SC_NOT_FOUND);
            if (response.getStatus() == HttpServletResponse.SC_NOT_FOUND) {
                answered++;
            } else {
                assertThat(response.getStatus()).isEqualTo(429);
                assertThat(Long.parseLong(response.getHeader("Retry-After"))).isBetween(1L, 60L);
                refusedBy.add(i % 2);
            }
        }
        assertThat(answered).isBetween(INVALID_PER_ADDRESS, INVALID_PER_ADDRESS + 1);
        assertThat(refusedBy.subList(refusedBy.size() - 4, refusedBy.size())).as("both instances refuse it now")
                .containsExactly(0, 1, 0, 1);
        assertThat(request(first, "203.0.113.10", "school", 200).getStatus())
                .as("a school at another address").isEqualTo(200);
    }

    /** A GET of /ack/{token} from {@code address} through the instance's own filter; behind it, {@code answer}. */
    private static MockHttpServletResponse request(ConfigurableApplicationContext instance, String address,
            String token, int answer) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ack/" + token);
        request.setRemoteAddr(address);
        MockHttpServletResponse response = new MockHttpServletResponse();
        instance.getBean(AcknowledgementRateLimit.class).doFilter(request, response,
                (req, res) -> ((HttpServletResponse) res).setStatus(answer));
        return response;
    }
}
