package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * ADMIN's account administration over real HTTP with real sessions: contact details asked for and checked, a role
 * change and a password reset each confirmed first, audited, and ending the account's sessions; the last ADMIN kept.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
class AccountAdministrationTest {

    private static final String ADMIN = "administration-admin";
    private static final Pattern NEW_PASSWORD = Pattern.compile("id=\"new-password\">([^<]+)<");

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    JdbcClient jdbc;

    @Test
    void creatingAnAccountAsksForAnEmailAndAUkMobileAndStoresThemNormalised() {
        TestBrowser admin = admin();
        HttpResponse<String> noEmail = admin.postForm("/accounts/new", newAccount(admin, "admin-made-1", "", ""));
        assertThat(noEmail.statusCode()).isEqualTo(200);
        assertThat(noEmail.body()).contains("Enter the email address", "href=\"#email\"", "id=\"email-error\"");
        HttpResponse<String> wrong = admin.postForm("/accounts/new",
                newAccount(admin, "admin-made-1", "not an address", "020 7946 0000"));
        assertThat(wrong.body()).contains("Enter an email address in the correct format",
                "Enter a UK mobile number, like 07700 900 982, or leave it blank");
        assertThat(accounts.exists("admin-made-1")).isFalse();

        HttpResponse<String> created = admin.postForm("/accounts/new",
                newAccount(admin, "admin-made-1", "Sam.Jones@Alertshire-Police.EXAMPLE", "07700 900 123"));
        assertThat(created.statusCode()).isEqualTo(302);
        Account made = accounts.findByUsername("admin-made-1").orElseThrow();
        assertThat(made.email()).isEqualTo("Sam.Jones@alertshire-police.example");
        assertThat(made.mobile()).isEqualTo("+447700900123");
    }

    @Test
    void aMissingEmailIsShownAndAnAdminSetsItAudited() {
        TestAccounts.ensure(accounts, passwords, "admin-no-email", Role.APPROVER);
        TestBrowser admin = admin();
        String list = admin.get("/accounts").body();
        assertThat(list).containsPattern("admin-no-email</a></td>\\s*<td[^>]*>[^<]*</td>\\s*<td[^>]*>[^<]*</td>\\s*"
                + "<td[^>]*>\\s*<strong class=\"govuk-tag govuk-tag--red\">Missing</strong>");

        String page = admin.get("/accounts/admin-no-email").body();
        HttpResponse<String> bad = admin.postForm("/accounts/admin-no-email/contact",
                Map.of("_csrf", TestBrowser.csrfField(page), "email", "", "mobile", ""));
        assertThat(bad.body()).contains("Error: ", "Enter the email address");
        HttpResponse<String> saved = admin.postForm("/accounts/admin-no-email/contact", Map.of(
                "_csrf", TestBrowser.csrfField(page), "email", "chair@partnership.example", "mobile", "+44 7700 900456"));
        assertThat(saved.statusCode()).isEqualTo(302);
        Account account = accounts.findByUsername("admin-no-email").orElseThrow();
        assertThat(account.email()).isEqualTo("chair@partnership.example");
        assertThat(account.mobile()).isEqualTo("+447700900456");
        assertThat(audited("admin-no-email", "ACCOUNT_CONTACT_CHANGED")).containsExactly(
                ADMIN + ": email changed, mobile changed");
    }

    @Test
    void aRoleChangeIsConfirmedFirstThenAuditedAndEndsTheAccountsSessions() {
        String officer = TestAccounts.ensure(accounts, passwords, "admin-promoted", Role.RAISER);
        TestBrowser officers = new TestBrowser(port).signIn(officer, TestAccounts.password(officer));
        TestBrowser admin = admin();
        String csrf = TestBrowser.csrfField(admin.get("/accounts/" + officer + "/role").body());

        HttpResponse<String> asked = admin.postForm("/accounts/" + officer + "/role",
                Map.of("_csrf", csrf, "role", "APPROVER"));
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("Change the role of " + officer + " from RAISER to APPROVER?",
                "name=\"confirmed\" value=\"true\"");
        assertThat(accounts.findByUsername(officer).orElseThrow().role()).as("not before it is confirmed")
                .isEqualTo(Role.RAISER);

        HttpResponse<String> done = admin.postForm("/accounts/" + officer + "/role",
                Map.of("_csrf", TestBrowser.csrfField(asked.body()), "role", "APPROVER", "confirmed", "true"));
        assertThat(TestBrowser.location(done)).endsWith("/accounts/" + officer);
        assertThat(accounts.findByUsername(officer).orElseThrow().role()).isEqualTo(Role.APPROVER);
        assertThat(audited(officer, "ACCOUNT_ROLE_CHANGED")).containsExactly(ADMIN + ": RAISER to APPROVER");
        assertThat(TestBrowser.location(officers.get("/account"))).as("signed out everywhere").endsWith("/sign-in");
    }

    @Test
    void aPasswordResetShowsAGeneratedPasswordOnceAndEndsTheAccountsSessions() {
        String officer = TestAccounts.ensure(accounts, passwords, "admin-reset", Role.RAISER);
        TestBrowser officers = new TestBrowser(port).signIn(officer, TestAccounts.password(officer));
        TestBrowser admin = admin();
        String confirm = admin.get("/accounts/" + officer + "/password").body();
        assertThat(confirm).contains("Reset the password of " + officer + "?");
        assertThat(passwords.matches(TestAccounts.password(officer),
                accounts.findByUsername(officer).orElseThrow().passwordHash())).as("nothing yet").isTrue();

        HttpResponse<String> reset = admin.postForm("/accounts/" + officer + "/password",
                Map.of("_csrf", TestBrowser.csrfField(confirm), "confirmed", "true"));
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(reset.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        Matcher shown = NEW_PASSWORD.matcher(reset.body());
        assertThat(shown.find()).isTrue();
        String newPassword = shown.group(1);
        assertThat(newPassword).matches("[a-z2-9]{5}(-[a-z2-9]{5}){3}");

        assertThat(TestBrowser.location(officers.get("/account"))).endsWith("/sign-in");
        assertThat(new TestBrowser(port).signIn(officer, newPassword).get("/account").statusCode()).isEqualTo(200);
        assertThat(audited(officer, "PASSWORD_RESET")).containsExactly(ADMIN + ": generated, sessions ended");
        assertThat(jdbc.sql("select count(*) from audit_event where detail like :p").param("p", "%" + newPassword + "%")
                .query(Integer.class).single()).as("the password is in no audit row").isZero();
    }

    @Test
    void theLastAdminCannotDemoteThemselfAndDisablingAsksFirst() {
        TestBrowser admin = admin();
        List<String> otherAdmins = accounts.findAll().stream()
                .filter(a -> a.role() == Role.ADMIN && a.enabled() && !a.username().equals(ADMIN))
                .map(Account::username).toList();
        otherAdmins.forEach(a -> accounts.setEnabled(a, false));
        try {
            String csrf = TestBrowser.csrfField(admin.get("/accounts/" + ADMIN + "/role").body());
            HttpResponse<String> refused = admin.postForm("/accounts/" + ADMIN + "/role",
                    Map.of("_csrf", csrf, "role", "OPS", "confirmed", "true"));
            assertThat(TestBrowser.location(refused)).endsWith("/accounts");
            assertThat(admin.get("/accounts").body()).contains(ADMIN + " is the last ADMIN: make another account ADMIN first");
            assertThat(accounts.findByUsername(ADMIN).orElseThrow().role()).isEqualTo(Role.ADMIN);
            assertThat(audited(ADMIN, "ACCOUNT_ROLE_CHANGED")).isEmpty();

            // with a second ADMIN, one may step down
            String second = TestAccounts.ensure(accounts, passwords, "administration-second-admin", Role.ADMIN);
            accounts.setEnabled(second, true);
            accounts.setRole(second, Role.ADMIN);
            TestBrowser seconds = new TestBrowser(port).signIn(second, TestAccounts.password(second));
            HttpResponse<String> steppedDown = seconds.postForm("/accounts/" + second + "/role", Map.of("_csrf",
                    TestBrowser.csrfField(seconds.get("/accounts/" + second + "/role").body()), "role", "OPS",
                    "confirmed", "true"));
            assertThat(TestBrowser.location(steppedDown)).endsWith("/accounts/" + second);
            assertThat(accounts.findByUsername(second).orElseThrow().role()).isEqualTo(Role.OPS);
        } finally {
            otherAdmins.forEach(a -> accounts.setEnabled(a, true));
        }

        String target = TestAccounts.ensure(accounts, passwords, "admin-to-disable", Role.OPS);
        String confirm = admin.get("/accounts/" + target + "/disable").body();
        assertThat(confirm).contains("Disable " + target + "?", "Disable account");
        assertThat(accounts.findByUsername(target).orElseThrow().enabled()).as("not before it is confirmed").isTrue();
        assertThat(admin.get("/accounts").body()).contains("href=\"/accounts/" + target + "/disable\"")
                .doesNotContain("action=\"/accounts/" + target + "/disable\"");
    }

    private TestBrowser admin() {
        TestAccounts.ensure(accounts, passwords, ADMIN, Role.ADMIN);
        return new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));
    }

    private static Map<String, String> newAccount(TestBrowser admin, String username, String email, String mobile) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", TestBrowser.csrfField(admin.get("/accounts/new").body()));
        form.put("username", username);
        form.put("displayName", "Sam Jones");
        form.put("organisation", "Alertshire Police");
        form.put("email", email);
        form.put("mobile", mobile);
        form.put("role", "RAISER");
        form.put("password", "lantern otter gravel marmalade");
        return form;
    }

    private List<String> audited(String username, String action) {
        return jdbc.sql("select actor || ': ' || detail from audit_event where subject_type = 'ACCOUNT'"
                        + " and subject_id = :u and action = :a order by id")
                .param("u", username).param("a", action).query(String.class).list();
    }
}
