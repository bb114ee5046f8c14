package org.safeguarding.hub.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safeguarding.hub.cap.CapFixtures.alert;
import static org.safeguarding.hub.cap.CapFixtures.content;
import static org.safeguarding.hub.alert.CapDocuments.assertValid;
import static org.safeguarding.hub.alert.CapDocuments.dom;
import static org.safeguarding.hub.alert.CapDocuments.text;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.alert.Alert;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The hub's alerts as CAP 1.2, checked against the OASIS schema in ../shared/data/cap. */
class CapWriterTest {

    private static final String RESTRICTION = "Designated safeguarding leads of 214 schools in Essex, Southend-on-Sea";
    private static final String HOSTILE = "<script>alert(1)</script> & \"quotes\"";

    private final CapWriter writer = new CapWriter(CapFixtures.properties());

    @Test
    void writesAnAlertValidAgainstTheOasisSchemaWithEveryMappedValue() throws Exception {
        String xml = writer.write(alert(content("Video-chat site coercion", false)), List.of("881", "882"),
                RESTRICTION);

        assertValid(xml);
        Document cap = dom(xml);
        assertThat(text(cap, "identifier")).isEqualTo("urn:uuid:5f0c2a1e-8d4b-4c1a-9a57-3f1f0c1d2e3f");
        assertThat(text(cap, "sender")).isEqualTo(CapFixtures.SENDER);
        assertThat(text(cap, "status")).isEqualTo("Actual");
        assertThat(text(cap, "msgType")).isEqualTo("Alert");
        assertThat(text(cap, "scope")).isEqualTo("Restricted");
        assertThat(text(cap, "restriction")).isEqualTo(RESTRICTION);
        assertThat(cap.getElementsByTagNameNS(Cap.NAMESPACE, "references").getLength()).isZero();
        assertThat(text(cap, "language")).isEqualTo("en-GB");
        assertThat(text(cap, "category")).isEqualTo("Safety");
        assertThat(text(cap, "event")).isEqualTo("Online safety");
        assertThat(text(cap, "urgency")).isEqualTo("Immediate");
        assertThat(text(cap, "severity")).isEqualTo("Severe");
        assertThat(text(cap, "certainty")).isEqualTo("Likely");
        assertThat(text(cap, "expires")).isEqualTo("2026-03-16T09:00:00+00:00");
        assertThat(text(cap, "senderName")).isEqualTo("Essex Police");
        assertThat(text(cap, "headline")).isEqualTo("Video-chat site coercion");
        assertThat(text(cap, "instruction")).startsWith("Remind pupils");
        assertThat(text(cap, "areaDesc")).isEqualTo(RESTRICTION);
        assertThat(pairs(cap, "parameter")).containsExactly("hubCategory=ONLINE_SAFETY",
                "hubReference=ESX-2026-0042", "ackDeadline=2026-03-02T17:00:00+00:00");
        assertThat(pairs(cap, "geocode")).containsExactly("GIAS-LA=881", "GIAS-LA=882", "GIAS-DISTRICT=Chelmsford",
                "GIAS-PHASE=Primary",
                "GIAS-URN=115203");
    }

    @Test
    void sentIsTheDecisionTimeInUtcWithAnOffsetAndNoFraction() throws Exception {
        String sent = text(dom(writer.write(alert(content("Title", false)), List.of("881"), RESTRICTION)), "sent");

        assertThat(sent).as("decided 2026-03-02T09:45:30.987+01:00").isEqualTo("2026-03-02T08:45:30+00:00")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
    }

    @Test
    void sentFallsBackToSubmissionTimeBeforeADecision() throws Exception {
        Alert decided = alert(content("Title", false));
        Alert submitted = new Alert(decided.id(), decided.reference(), decided.identifier(), decided.status(), "Alert",
                null, decided.content(), "officer", null, "officer", null, null, decided.createdAt(),
                decided.updatedAt(), decided.submittedAt(), null, 1, null);

        Document cap = dom(writer.write(submitted, List.of("881"), RESTRICTION));

        assertThat(text(cap, "sent")).isEqualTo("2026-03-02T08:35:15+00:00");
        assertThat(text(cap, "senderName")).as("no organisation: the partnership")
                .isEqualTo("Essex Safeguarding Children Partnership");
    }

    @Test
    void anExerciseIsStatusExercise() throws Exception {
        String xml = writer.write(alert(content("Practice: video-chat coercion", true)), List.of("881"), RESTRICTION);

        assertValid(xml);
        assertThat(text(dom(xml), "status")).isEqualTo("Exercise");
    }

    @Test
    void hostileTextIsWrittenAsTextAndReadsBackUnchanged() throws Exception {
        String xml = writer.write(alert(content(HOSTILE, false)), List.of("881"), HOSTILE);

        assertValid(xml);
        assertThat(xml).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;");
        Document cap = dom(xml);
        assertThat(cap.getElementsByTagName("script").getLength()).isZero();
        assertThat(text(cap, "headline")).isEqualTo(HOSTILE);
        assertThat(text(cap, "restriction")).isEqualTo(HOSTILE);
        assertThat(new CapReader(CapFixtures.properties(), CapFixtures.CLOCK).read(CapFixtures.utf8(xml)).title())
                .isEqualTo(HOSTILE);
    }

    @Test
    void charactersXmlCannotCarryAreReplacedSoTheDocumentStaysValid() throws Exception {
        String xml = writer.write(alert(content("Bell\u0007 and\r\nline", false)), List.of("881"), RESTRICTION);

        assertValid(xml);
        assertThat(text(dom(xml), "headline")).isEqualTo("Bell\uFFFD and\nline");
    }

    @Test
    void anUpdateCarriesItsReferencesSpaceSeparated() throws Exception {
        List<String> references = List.of(CapFixtures.SENDER + ",urn:uuid:1111,2026-03-01T10:00:00+00:00",
                CapFixtures.SENDER + ",urn:uuid:2222,2026-03-01T12:00:00+00:00");

        String xml = writer.write(alert(content("Title", false)), List.of("881"), RESTRICTION, references);

        assertValid(xml);
        assertThat(text(dom(xml), "references")).isEqualTo(String.join(" ", references));
        assertThatThrownBy(() -> writer.write(alert(content("Title", false)), List.of(), RESTRICTION,
                List.of("not a reference")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** valueName=value of each parameter or geocode, in document order. */
    private static List<String> pairs(Document cap, String element) {
        List<String> pairs = new ArrayList<>();
        NodeList nodes = cap.getElementsByTagNameNS(Cap.NAMESPACE, element);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element pair = (Element) nodes.item(i);
            pairs.add(pair.getElementsByTagNameNS(Cap.NAMESPACE, "valueName").item(0).getTextContent() + "="
                    + pair.getElementsByTagNameNS(Cap.NAMESPACE, "value").item(0).getTextContent());
        }
        return pairs;
    }
}
