package org.safeguarding.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.alert.AlertApiTestBase;
import org.safeguarding.hub.alert.AlertFixtures;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

/**
 * Each audited action, done the way people do it (API with Basic, pages with form login), writes its row naming
 * actor, role, action and subject; and H2 refuses to change a row.
 */
// the outbox relay waits an hour: the fan-out's own audit rows (sending, sent) are not what these tests count
class AuditTrailTest extends AlertApiTestBase {

    private static final String RAISER = "audit-raiser";
    private static final String CHAIR = "audit-chair";
    private static final String ADMIN = "audit-admin";
    private static final String OPS = "audit-ops";
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");

    @Autowired
    AuditTrail audit;
    @Autowired
    HubProperties hub;

    long before;

    @BeforeEach
    void accountsDirectoryAndWhereTheTrailStands() throws Exception {
        account(RAISER, Role.RAISER);
        account(CHAIR, Role.APPROVER);
        account(ADMIN, Role.ADMIN);
        account(OPS, Role.OPS);
        before = lastId();
    }

    private long lastId() {
        return jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
    }

    @Test
    void raisingOverTheApiRecordsRaisedAndSubmitted() {
        long id = api.raised(RAISER, AlertFixtures.alertJson("Audited raise"));

        assertThat(since()).extracting(AuditEvent::action).containsExactly(AuditAction.ALERT_RAISED, AuditAction.ALERT_SUBMITTED);
        AuditEvent raised = only(AuditAction.ALERT_RAISED);
        assertRow(raised, RAISER, "RAISER", AuditEvent.ALERT, Long.toString(id));
        assertThat(raised.detail()).endsWith(" Audited raise");
        assertThat(raised.clientAddress()).isEqualTo("127.0.0.1");
        assertRow(only(AuditAction.ALERT_SUBMITTED), RAISER, "RAISER", AuditEvent.ALERT, Long.toString(id));
    }

    @Test
    void approvingAndRejectingAreRecordedWithTheApprover() {
        long approved = api.raised(RAISER, AlertFixtures.alertJson("Audited approval"));
        long rejected = api.raised(RAISER, AlertFixtures.alertJson("Audited rejection"));
        before = lastId();

        assertThat(api.approve(CHAIR, approved).statusCode()).isEqualTo(200);
        assertThat(api.reject(CHAIR, rejected, "Wrong audience").statusCode()).isEqualTo(200);

        assertRow(only(AuditAction.ALERT_APPROVED), CHAIR, "APPROVER", AuditEvent.ALERT, Long.toString(approved));
        AuditEvent rejection = only(AuditAction.ALERT_REJECTED);
        assertRow(rejection, CHAIR, "APPROVER", AuditEvent.ALERT, Long.toString(rejected));
        assertThat(rejection.detail()).endsWith(": Wrong audience");
    }

    @Test
    void editingAndSubmittingOnThePagesAreRecorded() {
        long id = api.raised(RAISER, AlertFixtures.alertJson("Audited edit"));
        before = lastId();
        TestBrowser raiser = new TestBrowser(port).signIn(RAISER, TestAccounts.password(RAISER));
        String form = raiser.get("/alerts/" + id + "/edit").body();
        Matcher version = VERSION.matcher(form);
        assertThat(version.find()).as("the edit form carries the version").isTrue();

        HttpResponse<String> edited = raiser.postForm("/alerts/" + id + "/edit",
                editForm(TestBrowser.csrfField(form), version.group(1)));
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(302);
        assertThat(TestBrowser.location(edited)).endsWith("/alerts/" + id + "/check");
        HttpResponse<String> submitted = raiser.postForm("/alerts/" + id + "/submit",
                Map.of("_csrf", TestBrowser.csrfField(raiser.get("/alerts/" + id + "/check").body())));
        assertThat(submitted.statusCode()).isEqualTo(302);

        assertRow(only(AuditAction.ALERT_EDITED), RAISER, "RAISER", AuditEvent.ALERT, Long.toString(id));
        assertRow(only(AuditAction.ALERT_SUBMITTED), RAISER, "RAISER", AuditEvent.ALERT, Long.toString(id));
    }

    @Test
    void directoryImportsAreRecordedWithTheAdmin() {
        assertThat(postCsv("/api/v1/directory/schools", AlertFixtures.SCHOOLS).statusCode()).isEqualTo(200);
        assertThat(postCsv("/api/v1/directory/contacts", AlertFixtures.CONTACTS).statusCode()).isEqualTo(200);

        AuditEvent schoolsImported = only(AuditAction.SCHOOLS_IMPORTED);
        assertRow(schoolsImported, ADMIN, "ADMIN", AuditEvent.DIRECTORY, null);
        assertThat(schoolsImported.detail()).isEqualTo("imported 0, updated 0, unchanged 4, retired 0, rejected 0");
        assertRow(only(AuditAction.CONTACTS_IMPORTED), ADMIN, "ADMIN", AuditEvent.DIRECTORY, null);
    }

    @Test
    void creatingAnAccountIsRecordedWithTheAdmin() {
        String username = "audit-new-" + UUID.randomUUID().toString().substring(0, 8);
        TestBrowser admin = new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", TestBrowser.csrfField(admin.get("/accounts/new").body()));
        form.put("username", username);
        form.put("displayName", "New Officer");
        form.put("organisation", "Alertshire Police");
        form.put("email", username + "@alertshire-police.example");
        form.put("role", "RAISER");
        form.put("password", "a long enough password");

        assertThat(admin.postForm("/accounts/new", form).statusCode()).isEqualTo(302);

        AuditEvent created = only(AuditAction.ACCOUNT_CREATED);
        assertRow(created, ADMIN, "ADMIN", AuditEvent.ACCOUNT, username);
        assertThat(created.detail()).isEqualTo("role RAISER");
    }

    @Test
    void aFormSignInIsRecorded() {
        new TestBrowser(port).signIn(OPS, TestAccounts.password(OPS));

        assertRow(only(AuditAction.SIGNED_IN), OPS, "OPS", AuditEvent.ACCOUNT, OPS);
    }

    @Test
    void aFailedApiSignInIsRecordedOnce() {
        HttpResponse<String> refused = api.send(HttpRequest.newBuilder(new TestBrowser(port).uri("/api/v1/alerts/1"))
                .header("Authorization", TestBrowser.basic(OPS, "not the password")).GET().build());
        assertThat(refused.statusCode()).isEqualTo(401);

        AuditEvent failed = only(AuditAction.SIGN_IN_FAILED);
        assertRow(failed, OPS, null, AuditEvent.ACCOUNT, OPS);
        assertThat(failed.detail()).isEqualTo("BadCredentialsException");
        assertThat(since()).extracting(AuditEvent::action).doesNotContain(AuditAction.SIGNED_IN);
    }

    @Test
    void changingYourPasswordIsRecorded() {
        String user = TestAccounts.ensure(accounts, passwords, "audit-pw-" + UUID.randomUUID().toString().substring(0, 8),
                Role.RAISER);
        TestBrowser browser = new TestBrowser(port).signIn(user, TestAccounts.password(user));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", TestBrowser.csrfField(browser.get("/account/password").body()));
        form.put("currentPassword", TestAccounts.password(user));
        form.put("newPassword", "a brand new passphrase");
        form.put("confirmPassword", "a brand new passphrase");

        HttpResponse<String> changed = browser.postForm("/account/password", form);
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(TestBrowser.location(changed)).endsWith("/account");

        assertRow(only(AuditAction.PASSWORD_CHANGED), user, "RAISER", AuditEvent.ACCOUNT, user);
    }

    @Test
    void h2RefusesToUpdateOrDeleteAnAuditRow() {
        audit.record("audit-test", "OPS", AuditAction.SIGNED_IN, AuditEvent.ACCOUNT, "audit-test", "original");
        long id = only(AuditAction.SIGNED_IN).id();

        assertThatThrownBy(() -> jdbc.sql("update audit_event set detail = 'rewritten' where id = :id").param("id", id)
                .update()).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'someone else'").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");

        AuditEvent after = only(AuditAction.SIGNED_IN);
        assertThat(after.detail()).isEqualTo("original");
        assertThat(after.actor()).isEqualTo("audit-test");
    }

    /** The rows written since the test began, oldest first. */
    private List<AuditEvent> since() {
        return audit.find(null, null, 500).stream().filter(e -> e.id() > before)
                .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
    }

    private AuditEvent only(AuditAction action) {
        List<AuditEvent> rows = since().stream().filter(e -> e.action() == action).toList();
        assertThat(rows).as("%s rows since the test began: %s", action, since()).hasSize(1);
        return rows.get(0);
    }

    private static void assertRow(AuditEvent event, String actor, String role, String subjectType, String subjectId) {
        assertThat(event.actor()).as("actor").isEqualTo(actor);
        assertThat(event.actorRole()).as("role").isEqualTo(role);
        assertThat(event.subjectType()).as("subject type").isEqualTo(subjectType);
        assertThat(event.subjectId()).as("subject").isEqualTo(subjectId);
        assertThat(event.occurredAt()).as("when").isNotNull();
    }

    private HttpResponse<String> postCsv(String path, String csv) {
        return api.send(HttpRequest.newBuilder(new TestBrowser(port).uri(path))
                .header("Authorization", TestBrowser.basic(ADMIN, TestAccounts.password(ADMIN)))
                .header("Content-Type", "text/csv")
                .POST(BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build());
    }

    /** The edit form as a person fills it in: Alertshire, email, a deadline tomorrow and expiry next week. */
    private Map<String, String> editForm(String csrf, String version) {
        ZonedDateTime deadline = ZonedDateTime.now(hub.timeZone()).plusDays(1);
        ZonedDateTime expiry = deadline.plusDays(7);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf);
        form.put("version", version);
        form.put("title", "Audited edit, revised");
        form.put("summary", "Children are being coerced on a video-chat site.");
        form.put("adviceForSchools", "Remind pupils how to report.");
        form.put("severity", "SEVERE");
        form.put("category", "ONLINE_SAFETY");
        form.put("localAuthorities", AlertFixtures.LA);
        form.put("channels", "EMAIL");
        form.put("ackDeadlineDay", Integer.toString(deadline.getDayOfMonth()));
        form.put("ackDeadlineMonth", Integer.toString(deadline.getMonthValue()));
        form.put("ackDeadlineYear", Integer.toString(deadline.getYear()));
        form.put("ackDeadlineTime", "17:00");
        form.put("expiresDay", Integer.toString(expiry.getDayOfMonth()));
        form.put("expiresMonth", Integer.toString(expiry.getMonthValue()));
        form.put("expiresYear", Integer.toString(expiry.getYear()));
        form.put("expiresTime", "17:00");
        return form;
    }
}
