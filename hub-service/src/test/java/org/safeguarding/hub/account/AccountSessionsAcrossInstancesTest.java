package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.location;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two hub instances on one real PostgreSQL: an account disabled through one instance is signed out of its session on
 * the other at its next request, with no message between the instances but the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
@DirtiesContext
class AccountSessionsAcrossInstancesTest implements OnRealPostgres {

    @LocalServerPort
    int port;
    @Value("${spring.datasource.url}")
    String databaseUrl;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;

    @Test
    void disablingOnOneInstanceSignsTheSessionOutOnTheOther() {
        TestAccounts.ensure(accounts, passwords, "instances-admin", Role.ADMIN);
        TestAccounts.ensure(accounts, passwords, "instances-chair", Role.APPROVER);
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(AlertHubApplication.class).run(
                "--spring.profiles.active=test", "--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=")) {
            int otherPort = ((WebServerApplicationContext) other).getWebServer().getPort();
            TestBrowser chair = new TestBrowser(otherPort).signIn("instances-chair", TestAccounts.password("instances-chair"));
            assertThat(chair.get("/account").statusCode()).isEqualTo(200);

            TestBrowser admin = new TestBrowser(port).signIn("instances-admin", TestAccounts.password("instances-admin"));
            String token = TestBrowser.csrfField(admin.get("/accounts").body());
            assertThat(admin.postForm("/accounts/instances-chair/disable", Map.of("_csrf", token)).statusCode())
                    .isEqualTo(302);

            HttpResponse<String> next = chair.get("/account");
            assertThat(next.statusCode()).isEqualTo(302);
            assertThat(location(next)).endsWith("/sign-in");
        }
    }
}
