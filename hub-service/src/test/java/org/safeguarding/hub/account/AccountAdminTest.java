package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/** ADMIN's account pages, for an account that does not exist: nothing is said done, nothing audited. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
class AccountAdminTest {

    private static final String ADMIN = "accounts-admin";

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    JdbcClient jdbc;

    @Test
    void disablingOrEnablingAnUnknownAccountSaysThereIsNoSuchAccount() {
        TestAccounts.ensure(accounts, passwords, ADMIN, Role.ADMIN);
        TestBrowser admin = new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));
        for (String action : new String[] {"disable", "enable"}) {
            String csrf = TestBrowser.csrfField(admin.get("/accounts").body());
            HttpResponse<String> done = admin.postForm("/accounts/nonexistent-user/" + action, Map.of("_csrf", csrf));
            assertThat(TestBrowser.location(done)).endsWith("/accounts");
            String page = admin.get("/accounts").body();
            assertThat(page).as(action).contains("There is no such account").doesNotContain("Account nonexistent-user");
        }
        assertThat(jdbc.sql("select count(*) from audit_event where subject_id = 'nonexistent-user'")
                .query(Integer.class).single()).isZero();
    }
}
