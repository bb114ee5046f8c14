package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.directory.Targeting;

/**
 * A small directory of its own for the alert tests (local authority 987, "Alertshire": three open schools and a
 * closed one, URNs no other test uses), and valid alert content aimed at it.
 */
public final class AlertFixtures {

    public static final String LA = "987";
    public static final String LA_NAME = "Alertshire";
    public static final int OPEN_SCHOOLS = 3;
    public static final long CLOSED_URN = 987004;

    public static final String SCHOOLS = """
            URN,EstablishmentName,LA (code),LA (name),PhaseOfEducation (code),PhaseOfEducation (name),EstablishmentStatus (code),EstablishmentStatus (name),Town,Postcode
            987001,Alertshire Primary School,987,Alertshire,2,Primary,1,Open,Alertford,AL1 1AA
            987002,Alertshire Academy,987,Alertshire,4,Secondary,1,Open,Alertford,AL1 1AB
            987003,Alertshire Infant School,987,Alertshire,2,Primary,1,Open,Alertford,AL1 1AC
            987004,Alertshire Closed School,987,Alertshire,2,Primary,2,Closed,Alertford,AL1 1AD
            """;
    public static final String CONTACTS = """
            URN,Role,Name,Email,Mobile
            987001,DSL,Ada Alert,dsl@primary.alertshire.example,
            987002,DSL,Bo Alert,dsl@academy.alertshire.example,07700 900501
            987003,DEPUTY_DSL,Cy Alert,deputy@infant.alertshire.example,
            """;

    private AlertFixtures() {
    }

    /** Imports (or re-imports: the importers upsert) the Alertshire schools and their contacts. */
    public static void importDirectory(EstablishmentImport schools, ContactImport contacts) throws IOException {
        assertThat(schools.importCsv(utf8(SCHOOLS)).rejected()).isEmpty();
        assertThat(contacts.importCsv(utf8(CONTACTS)).rejected()).isEmpty();
    }

    /** DESIGN's alert JSON, valid and aimed at every open school in Alertshire; a mutable map, to spoil in a test. */
    public static Map<String, Object> alertJson(String title) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("localAuthorities", List.of(LA));
        target.put("districts", List.of());
        target.put("phases", List.of());
        target.put("establishmentTypes", List.of());
        target.put("urns", List.of());
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("title", title);
        alert.put("summary", "Children on a random video-chat site are being coerced into exposure.");
        alert.put("adviceForSchools", "Remind pupils how to report; tell the DSL about any disclosure.");
        alert.put("parentLetter", "Dear parents and carers, ...");
        alert.put("severity", "SEVERE");
        alert.put("category", "ONLINE_SAFETY");
        alert.put("target", target);
        alert.put("channels", List.of("EMAIL", "SMS"));
        alert.put("ackDeadline", now.plusHours(8).toString());
        alert.put("expires", now.plusDays(14).toString());
        alert.put("exercise", false);
        return alert;
    }

    /** The same content as a record, for tests that call the service; {@code now} is the hub clock's time. */
    public static AlertContent content(String title, OffsetDateTime now) {
        return new AlertContent(title, "Children on a random video-chat site are being coerced into exposure.",
                "Remind pupils how to report; tell the DSL about any disclosure.", null, Severity.SEVERE,
                Category.ONLINE_SAFETY, new Targeting(List.of(LA), List.of(), List.of(), List.of(), List.of()),
                Set.of(Channel.EMAIL), now.plusHours(8), now.plusDays(14), false);
    }

    static ByteArrayInputStream utf8(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }
}
