package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.support.TestHubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/** New and changed passwords: long and hard to guess, refused with a message next to the field; no composition rules. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
class PasswordStrengthTest {

    private static final String ADMIN = "strength-admin";
    private static final List<String> WEAK = List.of("aaaaaaaaaaaa", "password1234", "qwertyuiop12", "Password1234!");

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    PasswordStrength strength;
    @Autowired
    AuditTrail audit;

    @BeforeEach
    void admin() {
        TestAccounts.ensure(accounts, passwords, ADMIN, Role.ADMIN);
    }

    @Test
    void aNewAccountWithAWeakPasswordIsRefusedWithTheReasonByTheField() {
        TestBrowser admin = new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));
        for (String weak : WEAK) {
            HttpResponse<String> refused = admin.postForm("/accounts/new", newAccount(admin, "strength-new", weak));
            assertThat(refused.statusCode()).as(weak).isEqualTo(200);
            assertThat(fieldError(refused.body(), "password")).as(weak).contains("Password is too easy to guess");
            assertThat(accounts.exists("strength-new")).as(weak).isFalse();
        }
        HttpResponse<String> usernameAsPassword = admin.postForm("/accounts/new",
                newAccount(admin, "marrowdale-officer", "marrowdale-officer"));
        assertThat(fieldError(usernameAsPassword.body(), "password")).contains("Password must not contain the username");

        HttpResponse<String> created = admin.postForm("/accounts/new",
                newAccount(admin, "strength-new", "lantern otter gravel marmalade"));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(accounts.exists("strength-new")).isTrue();
    }

    @Test
    void aChangedPasswordMustBeStrongToo() {
        String user = TestAccounts.ensure(accounts, passwords, "strength-changer", Role.RAISER);
        TestBrowser browser = new TestBrowser(port).signIn(user, TestAccounts.password(user));
        for (String weak : WEAK) {
            HttpResponse<String> refused = browser.postForm("/account/password", change(browser, user, weak));
            assertThat(refused.statusCode()).as(weak).isEqualTo(200);
            assertThat(fieldError(refused.body(), "newPassword")).as(weak).contains("Password is too easy to guess");
        }
        assertThat(passwords.matches(TestAccounts.password(user), accounts.findByUsername(user).orElseThrow().passwordHash()))
                .as("the password is unchanged").isTrue();

        HttpResponse<String> changed = browser.postForm("/account/password", change(browser, user, "copper violin harbour tea"));
        assertThat(TestBrowser.location(changed)).endsWith("/account");
    }

    @Test
    void theBootstrapAdminRefusesAWeakPassword() {
        List<String> enabledAdmins = accounts.findAll().stream()
                .filter(a -> a.role() == Role.ADMIN && a.enabled()).map(Account::username).toList();
        enabledAdmins.forEach(a -> accounts.setEnabled(a, false));
        try {
            BootstrapAdmin weak = new BootstrapAdmin(accounts, passwords, TestHubProperties.with(
                    "bootstrap-admin.username", "strength-bootstrap", "bootstrap-admin.password", "password1234"),
                    audit, strength);
            assertThatThrownBy(() -> weak.run(null)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hub.bootstrap-admin.password").hasMessageContaining("too easy to guess");
            assertThat(accounts.exists("strength-bootstrap")).isFalse();
        } finally {
            enabledAdmins.forEach(a -> accounts.setEnabled(a, true));
        }
    }

    @Test
    void lengthNotCompositionDecides() {
        assertThat(strength.problem("short words", "someone")).hasValue("Password must be 12 to 128 characters");
        assertThat(strength.problem("lantern otter gravel marmalade", "someone")).as("lower-case words, no digits or symbols").isEmpty();
    }

    private static Map<String, String> newAccount(TestBrowser admin, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", TestBrowser.csrfField(admin.get("/accounts/new").body()));
        form.put("username", username);
        form.put("displayName", "Marrowdale Officer");
        form.put("organisation", "Alertshire Police");
        form.put("email", username + "@alertshire-police.example");
        form.put("role", "RAISER");
        form.put("password", password);
        return form;
    }

    private static Map<String, String> change(TestBrowser browser, String user, String newPassword) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", TestBrowser.csrfField(browser.get("/account/password").body()));
        form.put("currentPassword", TestAccounts.password(user));
        form.put("newPassword", newPassword);
        form.put("confirmPassword", newPassword);
        return form;
    }

    /** The error message the page shows with the field, as the GOV.UK pattern puts it: between its label and input. */
    private static String fieldError(String page, String field) {
        int label = page.indexOf("for=\"" + field + "\"");
        int error = page.indexOf("id=\"" + field + "-error\"");
        int input = page.indexOf("id=\"" + field + "\"");
        assertThat(label).as("the %s label", field).isPositive();
        assertThat(error).as("an error message for %s, after its label and before its input", field)
                .isGreaterThan(label).isLessThan(input);
        return page.substring(error, page.indexOf("</p>", error));
    }
}
