package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.support.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * Sign-in throttling over real HTTP, form login and HTTP Basic, each attempt from the address its X-Forwarded-For
 * names (the test's 127.0.0.1 is the trusted proxy). The hub's clock is one the test moves past the window. Each test
 * guesses at an account of its own, so the budgets of one do not touch another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.trusted-proxies=127.0.0.1"})
@ActiveProfiles("test")
class SignInThrottleTest {

    static final MovableClock CLOCK = new MovableClock(Instant.parse("2031-05-06T09:00:00Z"));
    /** Every password comparison the hub makes. */
    static final AtomicInteger COMPARISONS = new AtomicInteger();

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;
    @TestBean(name = "passwordEncoder", methodName = "countingEncoder")
    PasswordEncoder passwordEncoder;

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    JdbcClient jdbc;

    SignInAttempts attempts;

    static Clock movableClock() {
        return CLOCK;
    }

    static PasswordEncoder countingEncoder() {
        PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return real.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                COMPARISONS.incrementAndGet();
                return real.matches(raw, encoded);
            }

            @Override
            public boolean upgradeEncoding(String encoded) {
                return real.upgradeEncoding(encoded);
            }
        };
    }

    @BeforeEach
    void hub() {
        attempts = new SignInAttempts(port);
    }

    @Test
    void tenFailuresFromOneAddressRefuseItTheRightPasswordTooWhileAnotherAddressSignsIn() {
        String officer = account("throttle-form");
        CLOCK.set(Instant.parse("2031-05-06T09:00:00Z"));
        for (int i = 1; i <= 10; i++) {
            assertThat(attempts.form("203.0.113.10", officer, "wrong-" + i)).as("failure %d", i).endsWith("/sign-in?error");
        }

        assertThat(attempts.form("203.0.113.10", officer, TestAccounts.password(officer)))
                .as("the right password, from the address that failed ten times").endsWith("/sign-in?throttled");
        assertThat(attempts.form("203.0.113.10", officer, "wrong-11"))
                .as("a wrong password gets the same answer: nothing said about the password").endsWith("/sign-in?throttled");
        assertThat(attempts.page("/sign-in?throttled")).contains("Too many attempts, try again later")
                .doesNotContain("Enter a correct username and password");
        HttpResponse<String> basic = attempts.api("203.0.113.10", officer, TestAccounts.password(officer));
        assertThat(basic.statusCode()).as("HTTP Basic from that address").isEqualTo(429);
        assertThat(basic.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(1L, Duration.ofMinutes(15).toSeconds()));

        assertThat(attempts.form("198.51.100.7", officer, TestAccounts.password(officer)))
                .as("the owner, from an address that has not failed").doesNotContain("error", "throttled");
        assertThat(attempts.api("198.51.100.7", officer, TestAccounts.password(officer)).statusCode()).isEqualTo(404);

        CLOCK.set(Instant.parse("2031-05-06T09:15:01Z"));
        assertThat(attempts.form("203.0.113.10", officer, TestAccounts.password(officer)))
                .as("once the window has passed").doesNotContain("error", "throttled");
    }

    @Test
    void aThrottledAddressIsAuditedOnceNotPerAttempt() {
        String officer = account("throttle-audit");
        CLOCK.set(Instant.parse("2031-05-07T09:00:00Z"));
        for (int i = 1; i <= 40; i++) {
            int status = attempts.api("203.0.113.11", officer, "wrong-" + i).statusCode();
            assertThat(status).as("attempt %d", i).isEqualTo(i <= 10 ? 401 : 429);
        }
        assertThat(audited(officer, "SIGN_IN_FAILED")).isEqualTo(10);
        assertThat(audited(officer, "SIGN_IN_THROTTLED")).isEqualTo(1);
        assertThat(jdbc.sql("select detail from audit_event where subject_id = :a and action = 'SIGN_IN_THROTTLED'")
                .param("a", officer).query(String.class).single()).contains("203.0.113.11");
    }

    @Test
    void guessingFromManyAddressesSpendsTheAccountBudgetButAnAddressWithoutFailuresMayStillSignIn() {
        String officer = account("throttle-spread");
        CLOCK.set(Instant.parse("2031-05-08T09:00:00Z"));
        for (int a = 1; a <= 11; a++) {
            for (int i = 1; i <= 9; i++) {
                assertThat(attempts.api("192.0.2." + a, officer, "guess-" + a + "-" + i).statusCode()).isEqualTo(401);
            }
        }
        assertThat(attempts.api("192.0.2.12", officer, "guess-100").statusCode()).as("the 100th").isEqualTo(401);

        assertThat(attempts.api("192.0.2.1", officer, TestAccounts.password(officer)).statusCode())
                .as("an address with 9 failures, once the account's 100 are spent").isEqualTo(429);
        assertThat(attempts.api("192.0.2.12", officer, "guess-101").statusCode())
                .as("the address of the 100th, again").isEqualTo(429);
        assertThat(attempts.api("192.0.2.200", officer, "guess-102").statusCode())
                .as("a new address may try once").isEqualTo(401);
        assertThat(attempts.api("192.0.2.200", officer, "guess-103").statusCode()).as("but not twice").isEqualTo(429);
        assertThat(attempts.form("198.51.100.8", officer, TestAccounts.password(officer)))
                .as("the owner, from an address without failures").doesNotContain("error", "throttled");

        assertThat(audited(officer, "SIGN_IN_FAILED")).as("failures within the budget").isEqualTo(100);
        assertThat(audited(officer, "SIGN_IN_THROTTLED")).as("the budget's episode").isEqualTo(1);

        CLOCK.set(Instant.parse("2031-05-08T09:01:00Z"));
        assertThat(attempts.api("192.0.2.1", officer, TestAccounts.password(officer)).statusCode())
                .as("the budget refills evenly: a minute later it has a try again").isEqualTo(404);
    }

    @Test
    void unknownDisabledAndWrongPasswordAnswerAlikeAndEachComparesAPassword() {
        String active = account("throttle-active");
        String disabled = account("throttle-disabled");
        accounts.setEnabled(disabled, false);
        CLOCK.set(Instant.parse("2031-05-09T09:00:00Z"));

        for (String[] attempt : new String[][] {{"no-such-account", "whatever-it-is"}, {disabled, TestAccounts.password(disabled)},
                {disabled, "wrong"}, {active, "wrong"}}) {
            int before = COMPARISONS.get();
            HttpResponse<String> api = attempts.api("203.0.113.12", attempt[0], attempt[1]);
            assertThat(COMPARISONS.get()).as("password compared for %s", attempt[0]).isGreaterThan(before);
            assertThat(api.statusCode()).as(attempt[0]).isEqualTo(401);
            assertThat(api.body()).as(attempt[0]).doesNotContain("disabled", "exist", attempt[0]);
            assertThat(attempts.form("203.0.113.13", attempt[0], attempt[1])).as(attempt[0]).endsWith("/sign-in?error");
        }
    }

    private String account(String username) {
        return TestAccounts.ensure(accounts, passwordEncoder, username, Role.RAISER);
    }

    private int audited(String account, String action) {
        return jdbc.sql("select count(*) from audit_event where subject_type = 'ACCOUNT' and subject_id = :a and action = :action")
                .param("a", account).param("action", action).query(Integer.class).single();
    }
}
