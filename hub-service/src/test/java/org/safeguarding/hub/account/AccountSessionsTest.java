package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.location;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.alert.AlertApiTestBase;
import org.safeguarding.hub.alert.AlertFixtures;

/**
 * Disabling an account, or changing its password, ends every open browser session of it at once: its next request is
 * signed out (sent to sign in) and does nothing. Real HTTP, real sessions with their CSRF tokens.
 */
class AccountSessionsTest extends AlertApiTestBase {

    private static final String RAISER = "sessions-raiser";
    private static final String ADMIN = "sessions-admin";

    @Test
    void aDisabledApproversOpenSessionCanNoLongerApprove() {
        String chair = "sessions-chair";
        account(RAISER, Role.RAISER);
        account(ADMIN, Role.ADMIN);
        account(chair, Role.APPROVER);
        long id = api.raised(RAISER, AlertFixtures.alertJson("Approved by nobody disabled"));
        TestBrowser chairs = new TestBrowser(port).signIn(chair, TestAccounts.password(chair));
        String approveToken = TestBrowser.csrfField(chairs.get("/alerts/" + id).body());

        disable(chair);

        HttpResponse<String> approve = chairs.postForm("/alerts/" + id + "/approve", Map.of("_csrf", approveToken));
        assertThat(approve.statusCode()).isEqualTo(302);
        assertThat(location(approve)).endsWith("/sign-in");
        assertThat(api.read(api.get(RAISER, "/api/v1/alerts/" + id, "application/json")).get("status").asText())
                .isEqualTo("AWAITING_APPROVAL");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'ALERT_APPROVED' and subject_id = :id")
                .param("id", Long.toString(id)).query(Integer.class).single()).isZero();
        assertThat(location(chairs.get("/"))).as("signed out for good").endsWith("/sign-in");
    }

    @Test
    void enablingTheAccountAgainDoesNotReviveItsOldSession() {
        String officer = "sessions-revived";
        account(ADMIN, Role.ADMIN);
        account(officer, Role.RAISER);
        TestBrowser officers = new TestBrowser(port).signIn(officer, TestAccounts.password(officer));
        disable(officer);
        TestBrowser admin = admin();
        assertThat(admin.postForm("/accounts/" + officer + "/enable", Map.of("_csrf", accountsPageToken(admin)))
                .statusCode()).isEqualTo(302);
        assertThat(accounts.findByUsername(officer).orElseThrow().enabled()).isTrue();
        assertThat(location(officers.get("/account"))).endsWith("/sign-in");
        assertThat(new TestBrowser(port).signIn(officer, TestAccounts.password(officer)).get("/account").statusCode())
                .as("a new sign-in works").isEqualTo(200);
    }

    @Test
    void aPasswordChangeEndsTheAccountsOtherSessionsButNotTheOneThatChangedIt() {
        String officer = "sessions-officer";
        account(officer, Role.RAISER);
        TestBrowser laptop = new TestBrowser(port).signIn(officer, TestAccounts.password(officer));
        TestBrowser phone = new TestBrowser(port).signIn(officer, TestAccounts.password(officer));
        assertThat(phone.get("/account").statusCode()).isEqualTo(200);

        String token = TestBrowser.csrfField(laptop.get("/account/password").body());
        String newPassword = "Kestrel-orbit-lantern-9471";
        HttpResponse<String> changed = laptop.postForm("/account/password", Map.of("_csrf", token,
                "currentPassword", TestAccounts.password(officer), "newPassword", newPassword,
                "confirmPassword", newPassword));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(302);
        assertThat(location(changed)).endsWith("/account");

        HttpResponse<String> other = phone.get("/account");
        assertThat(other.statusCode()).isEqualTo(302);
        assertThat(location(other)).endsWith("/sign-in");
        assertThat(laptop.get("/account").statusCode()).as("the session that changed it").isEqualTo(200);
    }

    private void disable(String username) {
        TestBrowser admin = admin();
        HttpResponse<String> disabled = admin.postForm("/accounts/" + username + "/disable",
                Map.of("_csrf", accountsPageToken(admin)));
        assertThat(disabled.statusCode()).isEqualTo(302);
        assertThat(accounts.findByUsername(username).orElseThrow().enabled()).isFalse();
    }

    private TestBrowser admin() {
        return new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));
    }

    private static String accountsPageToken(TestBrowser admin) {
        return TestBrowser.csrfField(admin.get("/accounts").body());
    }
}
