package org.safeguarding.hub.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safeguarding.hub.cap.CapFixtures.capAlert;
import static org.safeguarding.hub.cap.CapFixtures.utf8;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.Category;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.support.SharedData;

/** CAP 1.2 in: the real samples in ../shared/data/cap, a hostile one, and hand-written alerts. */
class CapReaderTest {

    static final String UPDATE_REFUSED = "CAP msgType Update is not accepted: a CAP document raises a new alert"
            + " (msgType Alert); to change or withdraw one, use POST /api/v1/alerts/{id}/update or /cancel";
    static final String DOCTYPE_REFUSED = "The CAP document has a DOCTYPE: the hub refuses DTDs and entity"
            + " declarations in CAP, which is never needed for a CAP 1.2 alert";
    private static final String LA_GEOCODE = "<geocode><valueName>GIAS-LA</valueName><value>881</value></geocode>";

    private final CapReader reader = new CapReader(CapFixtures.properties(), CapFixtures.CLOCK);

    static Stream<Arguments> sharedSamples() {
        return Stream.of(
                Arguments.of("australia.cap", CapReader.NO_SCHOOLS),
                Arguments.of("canada.cap", UPDATE_REFUSED),
                Arguments.of("canada_signed.cap", UPDATE_REFUSED),
                Arguments.of("canada_errors.cap", UPDATE_REFUSED),
                Arguments.of("earthquake-iso8859-1.cap", CapReader.NO_SCHOOLS),
                Arguments.of("wcatwc-warning.cap", UPDATE_REFUSED),
                Arguments.of("thunderstorm.cap", CapReader.NO_SCHOOLS),
                Arguments.of("43b080713727.cap", CapReader.NO_SCHOOLS),
                Arguments.of("invalid.cap", "CAP alert has no <scope>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedSamples")
    void eachSharedSampleIsRefusedForItsOwnReason(String file, String reason) throws Exception {
        byte[] sample = SharedData.bytes("cap/" + file);

        assertThatThrownBy(() -> reader.read(sample)).isInstanceOf(InvalidCapException.class).hasMessage(reason);
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a parser that fetches would wait forever
    void xeeIsRefusedForItsDoctypeWithoutReadingAFileOrOpeningAConnection() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            listener.configureBlocking(false);
            String port = String.valueOf(((InetSocketAddress) listener.getLocalAddress()).getPort());
            String hostile = Files.readString(SharedData.path("cap/xee.cap")).replace("localhost:8080",
                    "127.0.0.1:" + port);
            assertThat(hostile).doesNotContain("localhost").contains("http://127.0.0.1:" + port + "/payload1.dtd",
                    "http://127.0.0.1:" + port + "/payload2", "file:///etc/passwd", "&xxe;", "xi:include");

            assertThatThrownBy(() -> reader.read(utf8(hostile))).isInstanceOf(InvalidCapException.class)
                    .hasMessage(DOCTYPE_REFUSED)
                    .hasMessageNotContaining("root:");
            // Any connect() the parser made completed its handshake into this backlog before read() returned.
            assertThat(listener.accept()).as("a connection made while reading xee.cap").isNull();
        }
    }

    @Test
    void aRealSampleIsAcceptedOnceItsAreaNamesAnEnglishLocalAuthority() throws Exception {
        String thunderstorm = Files.readString(SharedData.path("cap/thunderstorm.cap"))
                .replace("</area>", LA_GEOCODE + "</area>");

        AlertContent content = reader.read(utf8(thunderstorm));

        assertThat(content.title()).isEqualTo("SEVERE THUNDERSTORM WARNING");
        assertThat(content.summary()).startsWith("AT 254 PM PDT...NATIONAL WEATHER SERVICE").endsWith("STORM.");
        assertThat(content.adviceForSchools()).isEqualTo("TAKE COVER IN A SUBSTANTIAL SHELTER UNTIL THE STORM PASSES.");
        assertThat(content.parentLetter()).isNull();
        assertThat(content.severity()).isEqualTo(Severity.SEVERE);
        assertThat(content.category()).as("no hubCategory parameter").isEqualTo(Category.OTHER);
        assertThat(content.target().localAuthorities()).containsExactly("881");
        assertThat(content.target().urns()).isEmpty();
        assertThat(content.channels()).containsExactly(Channel.EMAIL);
        assertThat(content.ackDeadline()).as("now + hub.alerts.ack-within-severe")
                .isEqualTo(OffsetDateTime.parse("2026-03-02T17:00:00Z"));
        assertThat(content.expires()).isEqualTo(OffsetDateTime.parse("2003-06-17T16:00:00-07:00"));
        assertThat(content.exercise()).isFalse();
    }

    @Test
    void theDeclaredEncodingIsHonoured() throws Exception {
        String latin1 = new String(SharedData.bytes("cap/earthquake-iso8859-1.cap"), StandardCharsets.ISO_8859_1)
                .replace("</area>", LA_GEOCODE + "</area>");
        byte[] unknownSeverity = latin1.getBytes(StandardCharsets.ISO_8859_1);
        byte[] moderate = latin1.replace("<severity>Unknown</severity>", "<severity>Moderate</severity>")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(moderate).as("á as one ISO-8859-1 byte, not UTF-8").contains((byte) 0xE1);

        assertThatThrownBy(() -> reader.read(unknownSeverity)).isInstanceOf(InvalidCapException.class)
                .hasMessage("CAP severity Unknown is not accepted: schools are told how serious an alert is,"
                        + " so use Extreme, Severe, Moderate or Minor");
        AlertContent content = reader.read(moderate);
        assertThat(content.title()).isEqualTo("EQ 4.6 Usulután, Usulután, El Salvador - PRELIMINARY REPORT");
        assertThat(content.ackDeadline()).as("now + hub.alerts.ack-within-moderate")
                .isEqualTo(OffsetDateTime.parse("2026-03-03T09:00:00Z"));
    }

    @Test
    void readsEveryHubValueOfAHandWrittenExercise() {
        AlertContent content = reader.read(utf8(capAlert().replace("<status>Actual", "<status>Exercise")));

        assertThat(content.title()).isEqualTo("Video-chat site coercion");
        assertThat(content.summary()).isEqualTo("Children are being coerced into exposure.");
        assertThat(content.adviceForSchools()).isEqualTo("Remind pupils how to report.");
        assertThat(content.parentLetter()).isEqualTo("Dear parents");
        assertThat(content.severity()).isEqualTo(Severity.SEVERE);
        assertThat(content.category()).isEqualTo(Category.ONLINE_SAFETY);
        assertThat(content.channels()).containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS);
        assertThat(content.ackDeadline()).isEqualTo(OffsetDateTime.parse("2026-03-02T17:00:00Z"));
        assertThat(content.expires()).isEqualTo(OffsetDateTime.parse("2026-03-16T09:00:00Z"));
        assertThat(content.target().localAuthorities()).containsExactly("881", "882");
        assertThat(content.target().phases()).containsExactly("Primary");
        assertThat(content.target().districts()).containsExactly("Chelmsford");
        assertThat(content.target().urns()).containsExactly(115203L);
        assertThat(content.exercise()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Test", "System", "Draft"})
    void statusesOtherThanActualAndExerciseAreRefused(String status) {
        String cap = capAlert().replace("<status>Actual", "<status>" + status);

        assertThatThrownBy(() -> reader.read(utf8(cap))).hasMessage("CAP status " + status
                + " is not accepted: the hub takes Actual alerts; use Exercise for a practice alert");
    }

    @Test
    void aCancelIsRefusedPointingAtTheCancelEndpoint() {
        String cap = capAlert().replace("<msgType>Alert", "<msgType>Cancel");

        assertThatThrownBy(() -> reader.read(utf8(cap))).hasMessageStartingWith("CAP msgType Cancel is not accepted")
                .hasMessageEndingWith("use POST /api/v1/alerts/{id}/update or /cancel");
    }

    @Test
    void capOneOneAndOtherDocumentsAreRefused() {
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace("cap:1.2", "cap:1.1"))))
                .hasMessage("This is a CAP 1.1 document: the hub takes CAP 1.2 only (namespace"
                        + " urn:oasis:names:tc:emergency:cap:1.2)");
        assertThatThrownBy(() -> reader.read(utf8("<alert><identifier>x</identifier></alert>")))
                .hasMessageStartingWith("The document is not a CAP 1.2 alert");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace("</alert>", ""))))
                .isInstanceOf(InvalidCapException.class)
                .hasMessageStartingWith("The CAP document is not well-formed XML (line ");
        assertThatThrownBy(() -> reader.read(new byte[0])).hasMessage("The CAP document is empty");
    }

    @Test
    void documentsOverTheSizeAndInfoLimitsAreRefused() {
        String padding = "<note>" + "x".repeat(CapParser.MAX_BYTES) + "</note>";
        String info = capAlert().substring(capAlert().indexOf("<info>"), capAlert().indexOf("</alert>"));

        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace("<info>", padding + "<info>"))))
                .hasMessageEndingWith("bytes: the hub takes at most 262144 (256 KiB)");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace("</alert>", info.repeat(10) + "</alert>"))))
                .hasMessage("CAP alert has 11 <info> blocks: the hub takes at most 10");
    }

    @Test
    void requiredInfoElementsAreNamed() {
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace("<urgency>Immediate</urgency>", ""))))
                .hasMessage("CAP <info> has no <urgency>");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replaceAll("<info>[\\s\\S]*</info>", ""))))
                .hasMessage("CAP alert has no <info>: the hub needs one with the alert's text");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replaceAll("<instruction>.*</instruction>", ""))))
                .hasMessage("CAP <info> has no <instruction>: schools need advice on what to do");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replaceAll("<description>.*</description>", ""))))
                .hasMessage("CAP <info> has no <description>: the hub shows it as what happened");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replaceAll("<expires>.*</expires>", ""))))
                .hasMessage("CAP <info> has no <expires>: the hub needs to know when the alert stops applying");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace("08:50:00+00:00", "08:50"))))
                .hasMessage("CAP <sent> \"2026-03-02T08:50\" is not a date and time with a UTC offset,"
                        + " such as 2026-03-02T09:00:00+00:00");
    }

    @Test
    void theHeadlineFallsBackToTheEvent() {
        String cap = capAlert().replaceAll("<headline>.*</headline>", "");

        assertThat(reader.read(utf8(cap)).title()).isEqualTo("Online safety");
    }

    @Test
    void theEnglishInfoIsChosen() {
        String french = capAlert().substring(capAlert().indexOf("<info>"), capAlert().indexOf("</info>") + 7)
                .replace("en-GB", "fr-CA").replace("Video-chat site coercion", "Coercition par vidéo");
        String cap = capAlert().replace("<info>", french + "<info>");

        assertThat(reader.read(utf8(cap)).title()).isEqualTo("Video-chat site coercion");
        assertThat(reader.read(utf8(cap.replace("<language>en-GB</language>", ""))).title())
                .as("no language is CAP's default, en-US").isEqualTo("Video-chat site coercion");
        assertThat(reader.read(utf8(cap.replace("en-GB", "cy"))).title()).as("no English: the first")
                .isEqualTo("Coercition par vidéo");
    }

    @Test
    void markupInTextIsKeptAsPlainText() {
        String cap = capAlert()
                .replace("Children are being coerced into exposure.", "&lt;b&gt;Coerced&lt;/b&gt; &amp; exposed")
                .replace("Remind pupils how to report.", "<![CDATA[<script>alert(1)</script>]]>");

        AlertContent content = reader.read(utf8(cap));

        assertThat(content.summary()).isEqualTo("<b>Coerced</b> & exposed");
        assertThat(content.adviceForSchools()).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void hubParametersAndGeocodesThatMeanNothingAreRefused() {
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace(">ONLINE_SAFETY<", ">Safety<"))))
                .hasMessageStartingWith("CAP parameter hubCategory \"Safety\" is not one of [ONLINE_SAFETY,");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace("EMAIL, sms", "EMAIL, pigeon"))))
                .hasMessage("CAP parameter channels \"EMAIL, pigeon\" must list some of EMAIL, SMS, MIS,"
                        + " separated by commas");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace("2026-03-02T17:00:00+00:00", "tonight"))))
                .hasMessageStartingWith("CAP parameter ackDeadline \"tonight\" is not a date and time");
        assertThatThrownBy(() -> reader.read(utf8(capAlert().replace(">115203<", ">Chelmsford High<"))))
                .hasMessage("CAP geocode GIAS-URN \"Chelmsford High\" is not a school URN (a number)");
    }

    @Test
    void aWrittenAlertReadsBackTheSame() {
        AlertContent written = CapFixtures.content("Video-chat site coercion", true);
        String xml = new CapWriter(CapFixtures.properties()).write(CapFixtures.alert(written), List.of("881", "882"),
                "Designated safeguarding leads of 214 schools in Essex, Southend-on-Sea");

        AlertContent read = reader.read(utf8(xml));

        assertThat(read.title()).isEqualTo(written.title());
        assertThat(read.summary()).isEqualTo(written.summary());
        assertThat(read.adviceForSchools()).isEqualTo(written.adviceForSchools());
        assertThat(read.severity()).isEqualTo(written.severity());
        assertThat(read.category()).isEqualTo(written.category());
        assertThat(read.exercise()).isTrue();
        assertThat(read.target().localAuthorities()).isEqualTo(written.target().localAuthorities());
        assertThat(read.target().districts()).isEqualTo(written.target().districts());
        assertThat(read.target().phases()).isEqualTo(written.target().phases());
        assertThat(read.target().urns()).isEqualTo(written.target().urns());
        assertThat(read.ackDeadline()).isEqualTo(written.ackDeadline());
        assertThat(read.expires()).isEqualTo(written.expires());
        assertThat(read.channels()).as("channels are not written: EMAIL by default").isEqualTo(Set.of(Channel.EMAIL));
    }
}
