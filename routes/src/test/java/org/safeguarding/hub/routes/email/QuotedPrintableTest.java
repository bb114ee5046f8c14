package org.safeguarding.hub.routes.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our encoder against Jakarta Mail's decoder: what a mail client reads back is the text, line breaks as CRLF. */
class QuotedPrintableTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "Plain ASCII, one line.",
        "Dear Ann O'Neil and Bob \"Bobby\" Smith,\n\nSt Mary & St John's <C of E> Café – £5 = \"five\"\n",
        "Trailing space \nand tab\t\nand at the very end ",
        "Windows\r\nline\rbreaks\n\r\n",
        "=3D is not an escape here; == neither =",
        "Ünïcödé ✓ 👩‍👧 童 at line ends é",
        "<p class=\"govuk-body\">A long HTML line with no break at all, well past seventy-six characters, as Thymeleaf"
                + " writes them: <a href=\"https://hub.example.org/ack/Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9v?a=1&b=2\">"
                + "Confirm</a> and some more words é é é é é é é é é é é é é é é é é é é é é é é é é é é é é é é</p>"
    })
    void decodesToTheTextWithEveryLineWithinTheLimit(String text) throws Exception {
        byte[] encoded = QuotedPrintable.encode(text);

        String ascii = new String(encoded, StandardCharsets.US_ASCII);
        for (String line : ascii.split("\r\n", -1)) {
            assertThat(line.length()).as("line %s", line).isLessThanOrEqualTo(76);
            assertThat(line).as("no white space ends a line").doesNotEndWith(" ").doesNotEndWith("\t");
        }
        assertThat(ascii).as("7-bit printable, CRLF only").matches("[\\x20-\\x7e\\r\\n\\t]*");
        assertThat(ascii.replace("\r\n", "")).doesNotContain("\r", "\n");

        try (InputStream decoded = MimeUtility.decode(new ByteArrayInputStream(encoded), "quoted-printable")) {
            String back = new String(decoded.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(back).isEqualTo(text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n"));
        }
    }
}
