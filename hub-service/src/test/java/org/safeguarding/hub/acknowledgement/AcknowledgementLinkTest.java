package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.safeguarding.hub.delivery.TestSchools;

/**
 * The links that must not work, and the parent letter as a PDF. Every invalid link, whatever is wrong with it, gets
 * the same status and the same page, so someone trying links learns nothing about which part was wrong.
 */
class AcknowledgementLinkTest extends AcknowledgementTestBase {

    @Test
    void forgedMalformedTamperedAndExpiredLinksAllGetTheSameNotFoundPage() {
        TestSchools schools = TestSchools.importInto(context, "831", 8_310_001, 1);
        SentAlerts.Sent sent = alerts.send(schools, "Extortion emails", LETTER);
        long urn = sent.firstUrn();
        String token = sent.token(urn);
        assertThat(browser.get("/ack/" + token).statusCode()).as("the real link works").isEqualTo(200);

        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        char flipped = token.charAt(10) == 'A' ? 'B' : 'A';
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("forged", Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        invalid.put("malformed (short)", token.substring(0, 20));
        invalid.put("malformed (not base64url)", token.substring(0, 42) + "~");
        invalid.put("one character changed", token.substring(0, 10) + flipped + token.substring(11));
        invalid.put("keyed for an alert that was never sent",
                context.getBean(AcknowledgementLinks.class).token(sent.id() + 1_000_000, urn));
        invalid.put("keyed for this alert and a school it was not sent to",
                context.getBean(AcknowledgementLinks.class).token(sent.id(), schools.closed().get(0)));

        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        invalid.forEach((what, bad) -> answers.put(what, browser.get("/ack/" + bad)));
        invalid.forEach((what, bad) -> answers.put(what + ", POST", browser.postForm("/ack/" + bad,
                form(browser.cookie("XSRF-TOKEN").orElseThrow(), "Dana Lead", "DSL", "Briefed staff"))));
        invalid.forEach((what, bad) -> answers.put(what + ", letter", browser.get("/ack/" + bad + "/letter.pdf")));

        OffsetDateTime expires = OffsetDateTime.parse(api.status(sent.id()).get("content").get("expires").asText());
        CLOCK.set(expires.toInstant().plusSeconds(1));
        answers.put("expired", browser.get("/ack/" + token));
        answers.put("expired, POST", browser.postForm("/ack/" + token,
                form(browser.cookie("XSRF-TOKEN").orElseThrow(), "Dana Lead", "DSL", "Briefed staff")));
        answers.put("expired, letter", browser.get("/ack/" + token + "/letter.pdf"));

        String expected = withoutCsrf(answers.get("expired").body());
        assertThat(expected).contains("This link does not work").doesNotContain("Extortion", sent.reference());
        answers.forEach((what, answer) -> {
            assertThat(answer.statusCode()).as(what).isEqualTo(404);
            assertThat(withoutCsrf(answer.body())).as(what).isEqualTo(expected);
        });
        assertThat(acknowledgements(sent.id())).as("nothing recorded through a link that does not work").isZero();
    }

    @Test
    void theLetterPdfCarriesTheSchoolsNameAndTheRaisersTextAndThereIsNoneWithoutALetter()
            throws IOException, InterruptedException {
        TestSchools schools = TestSchools.importInto(context, "832", 8_320_001, 2);
        SentAlerts.Sent withLetter = alerts.send(schools, "Chat site coercion", LETTER);
        SentAlerts.Sent withoutLetter = alerts.send(schools, "Staff only", null);

        for (long urn : withLetter.tokens().keySet()) {
            HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    browser.uri("/ack/" + withLetter.token(urn) + "/letter.pdf")).GET().build(),
                    BodyHandlers.ofByteArray());
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
            assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            try (PDDocument document = Loader.loadPDF(pdf.body())) {
                String text = new PDFTextStripper().getText(document);
                assertThat(text).as("school %d's letter", urn).contains("Test School " + urn, LETTER,
                        "Dear parents and carers");
                assertThat(text.replaceAll("\\s+", "")).as("the reference, however the footer wraps")
                        .contains(withLetter.reference());
                withLetter.tokens().keySet().stream().filter(other -> other != urn).forEach(other ->
                        assertThat(text).doesNotContain("Test School " + other));
            }
        }

        String noLetter = "/ack/" + withoutLetter.token(withoutLetter.firstUrn());
        String page = browser.get(noLetter).body();
        assertThat(page).doesNotContain("letter.pdf", "parent-letter");
        HttpResponse<String> pdf = browser.get(noLetter + "/letter.pdf");
        assertThat(pdf.statusCode()).isEqualTo(404);
        assertThat(pdf.body()).contains("This link does not work");
    }

    @Test
    void whatTheRaiserTypedIsTextOnThePageAndInThePdf() throws IOException, InterruptedException {
        TestSchools schools = TestSchools.importInto(context, "833", 8_330_001, 1);
        String typed = "Staff & parents: <script>alert(1)</script> \u201cbe alert\u201d \u2013 it\u2019s caf\u00e9 talk";
        SentAlerts.Sent sent = alerts.send(schools, "Typed letter", typed);
        String token = sent.token(sent.firstUrn());

        String page = browser.get("/ack/" + token).body();
        assertThat(page).doesNotContain("<script>alert(1)")
                .contains("Staff &amp; parents: &lt;script&gt;alert(1)&lt;/script&gt;");
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                browser.uri("/ack/" + token + "/letter.pdf")).GET().build(), BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(document)).contains(typed);
        }
    }

    /** The bodies compared without the CSRF token, which is per browser and not about the link. */
    static String withoutCsrf(String html) {
        return html.replaceAll("name=\"_csrf\"\\s+value=\"[^\"]*\"", "name=\"_csrf\"");
    }
}
