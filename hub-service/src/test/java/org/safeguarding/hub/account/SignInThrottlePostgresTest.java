package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two hub instances on one real PostgreSQL count one account's failures together: five at each, and both refuse the
 * address, the right password included. The second instance is a second Spring context on the same database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.trusted-proxies=127.0.0.1"})
@ActiveProfiles("test")
@DirtiesContext
class SignInThrottlePostgresTest implements OnRealPostgres {

    @LocalServerPort
    int port;
    @Autowired
    Environment environment;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    JdbcClient jdbc;

    @Test
    void failuresAtTwoInstancesAddUpAndBothRefuseTheAddress() {
        String officer = TestAccounts.ensure(accounts, passwords, "pg-throttled", Role.RAISER);
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(AlertHubApplication.class).run(
                "--spring.profiles.active=test",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password=",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--hub.trusted-proxies=127.0.0.1")) {
            SignInAttempts one = new SignInAttempts(port);
            SignInAttempts two = new SignInAttempts(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
            for (int i = 1; i <= 5; i++) {
                assertThat(one.api("203.0.113.30", officer, "wrong-a" + i).statusCode()).isEqualTo(401);
                assertThat(two.api("203.0.113.30", officer, "wrong-b" + i).statusCode()).isEqualTo(401);
            }

            assertThat(one.api("203.0.113.30", officer, TestAccounts.password(officer)).statusCode())
                    .as("the first instance, after ten failures at both").isEqualTo(429);
            assertThat(two.api("203.0.113.30", officer, TestAccounts.password(officer)).statusCode())
                    .as("the second instance").isEqualTo(429);
            assertThat(two.api("198.51.100.9", officer, TestAccounts.password(officer)).statusCode())
                    .as("another address").isEqualTo(404);
        }
        assertThat(jdbc.sql("select count(*) from audit_event where subject_id = :a and action = 'SIGN_IN_THROTTLED'")
                .param("a", officer).query(Integer.class).single()).as("one episode, across both instances").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from bucket").query(Integer.class).single())
                .as("the buckets are PostgreSQL rows").isPositive();
    }
}
