package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.csrfField;
import static org.safeguarding.hub.account.TestBrowser.location;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.delivery.TestSchools;

/**
 * A school's acknowledgement link, used as the school uses it: the alert goes out through the real flow into
 * GreenMail, the test takes the link from the school's email and opens it over HTTP on 127.0.0.1 with a
 * cookie-keeping browser; what the page says, what the database and audit trail hold, what the API reports.
 */
class AcknowledgementPageTest extends AcknowledgementTestBase {

    @Test
    void theTokenIs256UrlSafeBitsOfItsOwnPerSchoolAndAlertAndOnlyItsHashIsStored() {
        TestSchools schools = TestSchools.importInto(context, "821", 8_210_001, 2);
        SentAlerts.Sent first = alerts.send(schools, "First alert", LETTER);
        SentAlerts.Sent second = alerts.send(schools, "Second alert", null);

        Set<String> distinct = new HashSet<>();
        for (SentAlerts.Sent sent : List.of(first, second)) {
            assertThat(sent.tokens()).hasSize(schools.emailedTo().size());
            sent.tokens().forEach((urn, token) -> {
                assertThat(token).as("43 base64url characters: 256 bits, no padding").matches("[A-Za-z0-9_-]{43}");
                assertThat(jdbc.sql("select token_hash from acknowledgement_link where alert_id = :a and urn = :u")
                        .param("a", sent.id()).param("u", urn).query(String.class).single())
                        .as("the stored hash is SHA-256 of the token").isEqualTo(sha256(token));
                assertThat(columnsContaining(token)).as("the token itself is stored nowhere").isEmpty();
            });
            distinct.addAll(sent.tokens().values());
        }
        assertThat(distinct).as("a token of its own per school and per alert")
                .hasSize(first.tokens().size() + second.tokens().size());
    }

    @Test
    void getAndHeadShowTheAlertAndTheSchoolsLetterAndRecordNothing() {
        TestSchools schools = TestSchools.importInto(context, "822", 8_220_001, 1);
        SentAlerts.Sent sent = alerts.send(schools, "Sharing on a new app", LETTER);
        long urn = sent.firstUrn();

        HttpResponse<String> head = browser.send(HttpRequest.newBuilder(browser.uri("/ack/" + sent.token(urn)))
                .method("HEAD", BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        HttpResponse<String> page = browser.get("/ack/" + sent.token(urn));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(sent.reference(), "Severe", "Sharing on a new app",
                "What happened: pupils shared Sharing on a new app", "What to do: pupils shared Sharing on a new app",
                "Test School " + urn, LETTER, "href=\"/ack/" + sent.token(urn) + "/letter.pdf\"", "name=\"_csrf\"");
        assertThat(between(page.body(), "id=\"parent-letter\"", "</div>\n"))
                .as("the letter carries the school's name").contains("Test School " + urn);
        assertThat(acknowledgements(sent.id())).isZero();
        assertThat(auditedAcknowledgements(sent.id())).isZero();
    }

    @Test
    void everySchoolOfAnAlertGetsThePageTheFirstGotInFullWithItsOwnNameLinkAndFormToken() {
        TestSchools schools = TestSchools.importInto(context, "829", 8_290_001, 3);
        SentAlerts.Sent sent = alerts.send(schools, "Page per school", LETTER);
        List<Long> urns = sent.tokens().keySet().stream().sorted().toList();
        long awkward = urns.get(0);
        long other = urns.get(1);
        jdbc.sql("update establishment set name = :name where urn = :urn")
                .param("name", "St Mary's & St John's <Primary> \"Federation\" – Ysgol Gymraeg").param("urn", awkward)
                .update();
        String escaped = "St Mary&#39;s &amp; St John&#39;s &lt;Primary&gt; &quot;Federation&quot; – Ysgol Gymraeg";

        // the alert's first page is a full render; the hub keeps that page with markers for the schools after it
        String path = "/ack/" + sent.token(awkward);
        HttpResponse<String> full = new TestBrowser(browser.uri("/").getPort()).get(path);
        HttpResponse<String> kept = new TestBrowser(browser.uri("/").getPort()).get(path);
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(kept.headers().firstValue("Content-Type")).contains("text/html;charset=UTF-8");
        assertThat(kept.body().replace(csrfField(kept.body()), "CSRF"))
                .as("the page from markers is the full render, but for the form's own CSRF token")
                .isEqualTo(full.body().replace(csrfField(full.body()), "CSRF"));
        assertThat(csrfField(kept.body())).isNotEqualTo(csrfField(full.body()));
        assertThat(full.body()).contains("For <strong>" + escaped + "</strong> (URN <span>" + awkward + "</span>)");
        assertThat(between(kept.body(), "id=\"parent-letter\"", "</div>\n")).contains(escaped);

        TestBrowser school = new TestBrowser(browser.uri("/").getPort());
        String otherPath = "/ack/" + sent.token(other);
        String page = school.get(otherPath).body();
        assertThat(page).contains("For <strong>Test School " + other + "</strong> (URN <span>" + other + "</span>)",
                "action=\"" + otherPath + "\"", "href=\"" + otherPath + "/letter.pdf\"")
                .doesNotContain(escaped, sent.token(awkward), "hub-slot-");
        assertThat(between(page, "id=\"parent-letter\"", "</div>\n")).contains("Test School " + other);
        assertThat(school.postForm(otherPath, form(csrfField(page), "Dana Lead", "DSL", "")).statusCode())
                .as("the form's CSRF token on the kept page is this browser's").isEqualTo(302);
        assertThat(acknowledgements(sent.id())).isOne();
        assertThat(school.get(otherPath).body()).as("confirmed: the page says so instead")
                .contains("id=\"acknowledged-banner\"", "Test School " + other).doesNotContain("id=\"confirm\"");
    }

    @Test
    void postRecordsOnceAndTheStatusAndRecipientsShowIt() {
        TestSchools schools = TestSchools.importInto(context, "823", 8_230_001, 1);
        SentAlerts.Sent sent = alerts.send(schools, "Risky livestreams", LETTER);
        long urn = sent.firstUrn();
        String path = "/ack/" + sent.token(urn);
        Instant when = CLOCK.instant();
        TestBrowser colleague = new TestBrowser(browser.uri("/").getPort());
        String colleaguesCsrf = csrfField(colleague.get(path).body()); // the deputy opens the link too, in their own browser

        HttpResponse<String> confirmed = browser.postForm(path, form(csrfField(browser.get(path).body()),
                "Dana Lead", "Designated safeguarding lead", "Letter sent to parents; staff briefed"));
        assertThat(confirmed.statusCode()).isEqualTo(302);
        assertThat(location(confirmed)).endsWith(path + "?confirmed");
        String page = browser.get(path + "?confirmed").body();
        assertThat(page).contains("id=\"confirmed-panel\"", "Thank you: your school", "acknowledgement is recorded",
                "Dana Lead, Designated safeguarding lead",
                "Letter sent to parents; staff briefed", whenShown(when)).doesNotContain("id=\"confirm\"");
        assertThat(jdbc.sql("""
                select acknowledged_by || '|' || role || '|' || actions || '|' || client_address from acknowledgement
                where alert_id = :a and urn = :u""").param("a", sent.id()).param("u", urn).query(String.class).single())
                .isEqualTo("Dana Lead|Designated safeguarding lead|Letter sent to parents; staff briefed|127.0.0.1");
        assertThat(acknowledgedAt(sent.id(), urn)).isEqualTo(when);

        CLOCK.set(when.plus(5, ChronoUnit.MINUTES));
        HttpResponse<String> again = colleague.postForm(path, form(colleaguesCsrf, "Dev Deputy", "Deputy DSL",
                "Something else"));
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(location(again)).endsWith(path);
        assertThat(colleague.get(path).body()).contains("Dana Lead, Designated safeguarding lead", whenShown(when))
                .doesNotContain("Dev Deputy", "Something else", "id=\"confirmed-panel\"", "id=\"confirm\"");
        assertThat(acknowledgements(sent.id())).isEqualTo(1);
        assertThat(acknowledgedAt(sent.id(), urn)).as("unchanged").isEqualTo(when);
        assertThat(auditedAcknowledgements(sent.id())).isEqualTo(1);

        assertThat(api.status(sent.id()).get("acknowledged").asInt()).isEqualTo(1);
        JsonNode row = api.recipient(sent.id(), urn);
        assertThat(row.get("acknowledgedBy").asText()).isEqualTo("Dana Lead");
        assertThat(row.get("acknowledgedRole").asText()).isEqualTo("Designated safeguarding lead");
        assertThat(row.get("actions").asText()).isEqualTo("Letter sent to parents; staff briefed");
        assertThat(OffsetDateTime.parse(row.get("acknowledgedAt").asText()).toInstant()).isEqualTo(when);
        sent.tokens().keySet().stream().filter(other -> other != urn).forEach(other ->
                assertThat(api.recipient(sent.id(), other).get("acknowledgedBy").isNull())
                        .as("school %d has not acknowledged", other).isTrue());
    }

    @Test
    void theAuditTrailNamesTheSchoolAsActorAndTheTypedNameOnlyAsWhatTheSchoolSaid() {
        TestSchools schools = TestSchools.importInto(context, "826", 8_260_001, 1);
        SentAlerts.Sent sent = alerts.send(schools, "Who confirmed", LETTER);
        long urn = sent.firstUrn();
        String path = "/ack/" + sent.token(urn);

        assertThat(browser.postForm(path, form(csrfField(browser.get(path).body()), "admin", "ADMIN",
                "Nothing")).statusCode()).isEqualTo(302);

        record Row(String actor, String role, String detail) {
        }
        Row audited = jdbc.sql("""
                select actor, actor_role, detail from audit_event where action = 'ALERT_ACKNOWLEDGED'
                and subject_id = :a""").param("a", String.valueOf(sent.id()))
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3))).single();
        assertThat(audited.actor()).isEqualTo("school:" + urn);
        assertThat(audited.role()).isNull();
        assertThat(audited.detail()).startsWith("URN " + urn + " ").contains("confirmed by (as typed) admin (ADMIN): Nothing");
    }

    @Test
    void confirmingReceiptNeedsOnlyANameAndARoleAndTheNextVisitShowsItFirst() {
        TestSchools schools = TestSchools.importInto(context, "827", 8_270_001, 1);
        SentAlerts.Sent sent = alerts.send(schools, "Confirm first, act later", LETTER);
        long urn = sent.firstUrn();
        String path = "/ack/" + sent.token(urn);
        Instant when = CLOCK.instant();

        HttpResponse<String> confirmed = browser.postForm(path, form(csrfField(browser.get(path).body()),
                "Dana Lead", "Designated safeguarding lead", ""));
        assertThat(confirmed.statusCode()).isEqualTo(302);
        assertThat(location(confirmed)).endsWith(path + "?confirmed");
        assertThat(jdbc.sql("select actions from acknowledgement where alert_id = :a and urn = :u")
                .param("a", sent.id()).param("u", urn).query(String.class).single()).isEmpty();
        assertThat(auditedAcknowledgements(sent.id())).isEqualTo(1);

        String again = browser.get(path).body();
        int banner = again.indexOf("id=\"acknowledged-banner\"");
        assertThat(banner).as("the confirmation on a second visit").isPositive();
        assertThat(again.indexOf("Dana Lead, Designated safeguarding lead")).isGreaterThan(banner);
        assertThat(again.indexOf(whenShown(when))).isGreaterThan(banner);
        assertThat(banner).as("before the alert itself and its letter")
                .isLessThan(again.indexOf("What happened")).isLessThan(again.indexOf("id=\"parent-letter\""));
        assertThat(again).doesNotContain("What the school has done", "id=\"confirm\"", "id=\"confirmed-panel\"");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndOneWithEmptyFieldsIsShownItsErrors() {
        TestSchools schools = TestSchools.importInto(context, "824", 8_240_001, 1);
        SentAlerts.Sent sent = alerts.send(schools, "Fake charity calls", null);
        String path = "/ack/" + sent.token(sent.firstUrn());
        String csrf = csrfField(browser.get(path).body());

        HttpResponse<String> forged = browser.postForm(path, form(null, "Dana Lead", "DSL", "Briefed staff"));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> empty = browser.postForm(path, form(csrf, " ", "", ""));
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("govuk-error-summary", "There is a problem", "Enter your name",
                "Enter your role").contains("<title>Error: ")
                .as("what the school has done is optional").doesNotContain("Say what the school has done");

        assertThat(acknowledgements(sent.id())).isZero();
        assertThat(auditedAcknowledgements(sent.id())).isZero();
    }
}
