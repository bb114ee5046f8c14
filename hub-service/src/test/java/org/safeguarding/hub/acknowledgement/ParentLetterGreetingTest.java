package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.safeguarding.hub.delivery.TestSchools;

/**
 * The parent letter opens and closes once: an officer's letter written with its own greeting and sign-off keeps
 * them, and the hub adds its own only to a letter without.
 */
class ParentLetterGreetingTest extends AcknowledgementTestBase {

    private static final String OWN = """
            Dear parent or carer,

            Please talk with your child about video chat sites.

            Yours sincerely,
            PC Jo Bloggs""";

    @Test
    void aLetterWithItsOwnGreetingAndSignOffKeepsThemAndGetsNoSecond() {
        TestSchools schools = TestSchools.importInto(context, "876", 8_760_001, 1);
        SentAlerts.Sent own = alerts.send(schools, "A letter of its own", OWN);
        String letter = between(browser.get("/ack/" + own.token(own.firstUrn())).body(), "id=\"parent-letter\"", "</div>\n</div>");
        assertThat(letter).contains("Dear parent or carer,", "Yours sincerely,", "PC Jo Bloggs")
                .doesNotContain("Dear parents and carers", "Yours faithfully");
    }

    @Test
    void aLetterOfParagraphsOnlyGetsTheHubsGreetingAndSignOff() {
        TestSchools schools = TestSchools.importInto(context, "877", 8_770_001, 1);
        SentAlerts.Sent plain = alerts.send(schools, "Paragraphs only", LETTER);
        long urn = plain.firstUrn();
        String letter = between(browser.get("/ack/" + plain.token(urn)).body(), "id=\"parent-letter\"", "</div>\n</div>");
        assertThat(letter).contains("Dear parents and carers,", LETTER, "Yours faithfully,",
                "The safeguarding team, Test School " + urn);
    }
}
