package org.safeguarding.hub.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Texts stay in the GSM-7 alphabet and within three fragments, the title giving way. */
class Gsm7Test {

    @Test
    void typographyIsMadePlainAccentsTheAlphabetLacksDroppedTheRestLeftOut() {
        String cleaned = Gsm7.clean("“Omegle” clones – don’t… café façade naïve Zoë 😀 日本 é ü £ €");
        assertThat(cleaned).isEqualTo("\"Omegle\" clones - don't... café facade naive Zoe   é ü £ €");
        assertThat(Gsm7.isGsm7(cleaned)).isTrue();
        assertThat(Gsm7.isGsm7("😀")).isFalse();
    }

    @Test
    void extensionCharactersCountTwice() {
        assertThat(Gsm7.septets("abc")).isEqualTo(3);
        assertThat(Gsm7.septets("€[]")).isEqualTo(6);
    }

    @Test
    void theTitleIsCutSoThatTheTextFitsThreeFragmentsAndTheLinkStays() {
        String link = "https://alerts.example.org.uk/ack/" + "A".repeat(43);
        String title = "Coercion on a random video-chat site {with} €xtra ".repeat(12);
        String text = Gsm7.fit(title, t -> "SEVERE safeguarding alert WEX-2026-0001: " + t + "\nConfirm: " + link);
        assertThat(Gsm7.septets(text)).isLessThanOrEqualTo(Gsm7.MAX_SEPTETS).as("the title cut by about what was over, not more").isGreaterThan(Gsm7.MAX_SEPTETS - 30);
        assertThat(text).startsWith("SEVERE safeguarding alert WEX-2026-0001: Coercion").contains("...\nConfirm: ")
                .endsWith(link);
        String shortTitle = "Short";
        assertThat(Gsm7.fit(shortTitle, t -> "Alert: " + t)).isEqualTo("Alert: Short");
    }
}
