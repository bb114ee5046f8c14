package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;

/**
 * Four eyes by content: whoever wrote any of an alert's content (raised it, or saved a change to it) may not approve
 * or reject it, however many saves came after theirs; a save that changes nothing makes nobody an author. Through
 * {@code PUT /api/v1/alerts/{id}} and through the edit form.
 */
class FourEyesByContentTest extends AlertApiTestBase {

    private static final String OFFICER = "fe-officer";
    private static final String EDITING_CHAIR = "fe-editing-chair";
    private static final String THIRD_CHAIR = "fe-third-chair";
    private static final String OUTSIDE_CHAIR = "fe-outside-chair";
    private static final String OPS = "fe-ops";
    private static final ZoneId ZONE = ZoneId.of("Europe/London");

    @BeforeEach
    void accounts() {
        account(OFFICER, Role.RAISER);
        account(EDITING_CHAIR, Role.APPROVER);
        account(THIRD_CHAIR, Role.APPROVER);
        account(OPS, Role.OPS);
        TestAccounts.ensure(accounts, passwords, OUTSIDE_CHAIR, Role.APPROVER, "Another partnership");
    }

    @Test
    void anApproverWhoChangedTheAlertCannotDecideOnItAfterTheRaiserResavesItUnchangedThroughTheApi() {
        Map<String, Object> alert = alertJson("Coercion on a video-chat site");
        long id = api.raised(OFFICER, alert);
        Map<String, Object> changed = new LinkedHashMap<>(alert);
        changed.put("adviceForSchools", "Remind pupils how to report; tell the DSL the same day.");

        HttpResponse<String> edited = api.replace(EDITING_CHAIR, id, changed);
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(api.read(edited).get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(api.read(edited).get("reference").asText()).isNotBlank();
        HttpResponse<String> resaved = api.replace(OFFICER, id, changed);
        assertThat(resaved.statusCode()).as(resaved.body()).isEqualTo(200);

        HttpResponse<String> approval = api.approve(EDITING_CHAIR, id);
        assertThat(approval.statusCode()).as(approval.body()).isEqualTo(403);
        assertThat(api.read(approval).get("detail").asText()).contains("changed the content of");
        assertThat(api.reject(EDITING_CHAIR, id, "Not clear enough").statusCode()).isEqualTo(403);
        assertThat(api.approve(OFFICER, id).statusCode()).isEqualTo(403);
        HttpResponse<String> third = api.approve(THIRD_CHAIR, id);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
        assertThat(api.read(third).get("status").asText()).isEqualTo("APPROVED");
        assertThat(api.read(api.get(OFFICER, "/api/v1/alerts/" + id, "application/json")).at("/content/adviceForSchools")
                .asText()).isEqualTo("Remind pupils how to report; tell the DSL the same day.");
    }

    @Test
    void savingTheSameContentAgainDoesNotMakeTheSaverAnAuthor() {
        Map<String, Object> alert = alertJson("Unchanged re-save");
        long id = api.raised(OFFICER, alert);

        HttpResponse<String> resaved = api.replace(THIRD_CHAIR, id, alert);
        TestBrowser third = new TestBrowser(port).signIn(THIRD_CHAIR, TestAccounts.password(THIRD_CHAIR));
        HttpResponse<String> resavedOnTheForm = saveEdit(third, id, formFields(alert));

        assertThat(resaved.statusCode()).as(resaved.body()).isEqualTo(200);
        assertThat(resavedOnTheForm.statusCode()).isEqualTo(302);
        assertThat(TestBrowser.location(resavedOnTheForm)).endsWith("/alerts/" + id);
        assertThat(third.get("/alerts/" + id).body()).contains("Nothing changed:", "is still awaiting approval");
        assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
        assertThat(authors(id)).containsExactly(OFFICER);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'ALERT_EDITED' and subject_id = :id")
                .param("id", Long.toString(id)).query(Integer.class).single()).isZero();
        assertThat(api.approve(THIRD_CHAIR, id).statusCode()).isEqualTo(200);
    }

    @Test
    void aRejectedAlertIsReplacedAndSubmittedAgainByPut() {
        long id = api.raised(OFFICER, alertJson("Rejected first"));
        assertThat(api.reject(THIRD_CHAIR, id, "Say which site").statusCode()).isEqualTo(200);

        HttpResponse<String> replaced = api.replace(OFFICER, id, alertJson("Rejected first: the site is named"));

        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(api.read(replaced).get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(api.approve(THIRD_CHAIR, id).statusCode()).as("the rejecter wrote none of it").isEqualTo(200);
    }

    @Test
    void putIsRefusedWithTheReason() {
        long id = api.raised(OFFICER, alertJson("Refusals"));
        Map<String, Object> invalid = alertJson("");
        invalid.put("severity", "CATASTROPHIC");

        HttpResponse<String> badField = api.replace(OFFICER, id, invalid);
        assertThat(badField.statusCode()).as(badField.body()).isEqualTo(400);
        assertThat(api.read(badField).get("errors").toString()).contains("severity");
        Map<String, Object> untitled = alertJson("");
        HttpResponse<String> blank = api.replace(OFFICER, id, untitled);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(api.read(blank).get("errors").toString()).contains("title", "Enter a title");

        HttpResponse<String> outsider = api.replace(OUTSIDE_CHAIR, id, alertJson("Taken over"));
        assertThat(outsider.statusCode()).as(outsider.body()).isEqualTo(403);
        assertThat(api.read(outsider).get("detail").asText()).contains("Only Test organisation can edit");
        assertThat(api.replace(OPS, id, alertJson("Ops edit")).statusCode()).isEqualTo(403);

        assertThat(api.approve(THIRD_CHAIR, id).statusCode()).isEqualTo(200);
        HttpResponse<String> approved = api.replace(OFFICER, id, alertJson("Too late"));
        assertThat(approved.statusCode()).isEqualTo(409);
        assertThat(api.read(approved).get("detail").asText()).contains("approved cannot be edited");
        assertThat(api.replace(OFFICER, 999_999_999L, alertJson("Nobody's")).statusCode()).isEqualTo(404);
    }

    @Test
    void throughTheEditFormAnApproverWhoChangedTheAlertCannotDecideAfterAnUnchangedResave() {
        Map<String, Object> alert = alertJson("Form journey");
        long id = api.raised(OFFICER, alert);
        TestBrowser chair = new TestBrowser(port).signIn(EDITING_CHAIR, TestAccounts.password(EDITING_CHAIR));
        TestBrowser officer = new TestBrowser(port).signIn(OFFICER, TestAccounts.password(OFFICER));
        TestBrowser third = new TestBrowser(port).signIn(THIRD_CHAIR, TestAccounts.password(THIRD_CHAIR));

        Map<String, String> changed = formFields(alert);
        changed.put("title", "Form journey: changed by the chair");
        assertThat(saveEdit(chair, id, changed).statusCode()).isEqualTo(302);
        HttpResponse<String> resave = saveEdit(officer, id, formFields(alert, "Form journey: changed by the chair"));
        assertThat(resave.statusCode()).as(resave.body()).isEqualTo(302);
        HttpResponse<String> submitted = officer.postForm("/alerts/" + id + "/submit",
                Map.of("_csrf", TestBrowser.csrfField(officer.get("/alerts/" + id + "/check").body())));
        assertThat(submitted.statusCode()).isEqualTo(302);

        String page = chair.get("/alerts/" + id).body();
        assertThat(page).doesNotContain("id=\"approve\"").contains("an approver who wrote none of it");
        assertThat(page.substring(page.indexOf("id=\"authors\""))).contains(EDITING_CHAIR, "changed its content",
                OFFICER, "raised it");
        String token = TestBrowser.csrfField(page);
        assertThat(chair.postForm("/alerts/" + id + "/approve", Map.of("_csrf", token)).statusCode()).isEqualTo(403);
        assertThat(chair.postForm("/alerts/" + id + "/reject", Map.of("_csrf", token, "reason", "No"))
                .statusCode()).isEqualTo(403);
        assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
        assertThat(authors(id)).containsExactlyInAnyOrder(OFFICER, EDITING_CHAIR);

        String thirdPage = third.get("/alerts/" + id).body();
        assertThat(thirdPage).contains("id=\"approve\"");
        assertThat(third.postForm("/alerts/" + id + "/approve", Map.of("_csrf", TestBrowser.csrfField(thirdPage)))
                .statusCode()).isEqualTo(302);
        assertThat(status(id)).isEqualTo("APPROVED");
    }

    @Test
    void anotherOrganisationsAlertDoesNotOpenForEditing() {
        long id = api.raised(OFFICER, alertJson("Not theirs"));
        TestBrowser outsider = new TestBrowser(port).signIn(OUTSIDE_CHAIR, TestAccounts.password(OUTSIDE_CHAIR));

        HttpResponse<String> form = outsider.get("/alerts/" + id + "/edit");

        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(form.body()).contains("Only Test organisation can edit").doesNotContain("name=\"title\"");
        assertThat(new TestBrowser(port).signIn(OFFICER, TestAccounts.password(OFFICER)).get("/alerts/" + id + "/edit")
                .statusCode()).isEqualTo(200);
    }

    /** The fixture alert with minute-precision times, as the form types them, and email only. */
    private static Map<String, Object> alertJson(String title) {
        Map<String, Object> alert = AlertFixtures.alertJson(title);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        alert.put("ackDeadline", now.plusHours(8).toString());
        alert.put("expires", now.plusDays(14).toString());
        alert.put("channels", List.of("EMAIL"));
        return alert;
    }

    private static Map<String, String> formFields(Map<String, Object> alert) {
        return formFields(alert, (String) alert.get("title"));
    }

    /** What the edit form posts for the alert JSON (one local authority, email), with {@code title}. */
    private static Map<String, String> formFields(Map<String, Object> alert, String title) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", title);
        form.put("summary", (String) alert.get("summary"));
        form.put("adviceForSchools", (String) alert.get("adviceForSchools"));
        form.put("parentLetter", (String) alert.get("parentLetter"));
        form.put("severity", (String) alert.get("severity"));
        form.put("category", (String) alert.get("category"));
        form.put("localAuthorities", AlertFixtures.LA);
        form.put("channels", "EMAIL");
        date(form, "ackDeadline", OffsetDateTime.parse((String) alert.get("ackDeadline")));
        date(form, "expires", OffsetDateTime.parse((String) alert.get("expires")));
        return form;
    }

    private static void date(Map<String, String> form, String field, OffsetDateTime at) {
        ZonedDateTime local = at.atZoneSameInstant(ZONE);
        form.put(field + "Day", Integer.toString(local.getDayOfMonth()));
        form.put(field + "Month", Integer.toString(local.getMonthValue()));
        form.put(field + "Year", Integer.toString(local.getYear()));
        form.put(field + "Time", "%02d:%02d".formatted(local.getHour(), local.getMinute()));
    }

    /** Opens the edit form (for its CSRF token and version) and saves {@code fields} through it. */
    private static HttpResponse<String> saveEdit(TestBrowser browser, long id, Map<String, String> fields) {
        HttpResponse<String> form = browser.get("/alerts/" + id + "/edit");
        assertThat(form.statusCode()).isEqualTo(200);
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("name=\"version\" value=\"(\\d+)\"")
                .matcher(form.body());
        assertThat(version.find()).isTrue();
        Map<String, String> post = new LinkedHashMap<>(fields);
        post.put("_csrf", TestBrowser.csrfField(form.body()));
        post.put("version", version.group(1));
        return browser.postForm("/alerts/" + id + "/edit", post);
    }

    private List<String> authors(long id) {
        return jdbc.sql("select username from alert_author where alert_id = :id").param("id", id)
                .query(String.class).list();
    }

    private String status(long id) {
        JsonNode alert = api.read(api.get(OFFICER, "/api/v1/alerts/" + id, "application/json"));
        return alert.get("status").asText();
    }
}
