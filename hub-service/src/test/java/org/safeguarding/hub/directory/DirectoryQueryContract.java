package org.safeguarding.hub.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.directory.DirectoryFiles.CONTACTS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_SAMPLE;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_UPDATE;
import static org.safeguarding.hub.directory.DirectoryFiles.csv;
import static org.safeguarding.hub.directory.DirectoryFiles.shared;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.directory.Establishment.Coded;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The directory's SQL, run by a subclass per database (H2 in PostgreSQL mode, real PostgreSQL), so migrations,
 * imports and queries are proven on both. Data: the real 99-row GIAS sample (89 open: status 1 or 3) and a few
 * contacts. The name orders asserted here do not hinge on how a collation sorts case or punctuation (the embedded
 * PostgreSQL takes the machine's locale, C.UTF-8 here).
 */
@SpringBootTest
@ActiveProfiles("test")
abstract class DirectoryQueryContract {

    /** Open schools with a DSL or deputy: 100000, 100001 and 100012 (status 3). 100004 is closed. */
    private static final String CONTACTS = String.join("\r\n", CONTACTS_HEADER,
            "100000,DSL,Amara Adeyemi,dsl@aldgate.sch.example,07700 900123",
            "100000,HEAD,Ben Baker,head@aldgate.sch.example,",
            "100001,DEPUTY_DSL,Chloé Campbell,deputy@clsg.sch.example,",
            "100002,HEAD,Dafydd Davies,head@cathedral.sch.example,",
            "100012,DSL,Eilidh Evans,,+44 7700 900124",
            "100004,DSL,Farah Fletcher,dsl@sherborne.sch.example,",
            "402406,LA_SAFEGUARDING,Anglesey Education Safeguarding,diogelu@ynysmon.gov.example,");

    @Autowired
    EstablishmentImport establishmentImport;

    @Autowired
    ContactImport contactImport;

    @Autowired
    DirectoryRepository directory;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void sampleWithContacts() throws Exception {
        DirectoryFiles.clear(jdbc);
        assertThat(establishmentImport.importCsv(shared(GIAS_SAMPLE)).imported()).isEqualTo(99);
        ImportReport contacts = contactImport.importCsv(csv(CONTACTS));
        assertThat(contacts.imported()).isEqualTo(7);
        assertThat(contacts.rejected()).isEmpty();
    }

    @Test
    void findsBySchoolNameIgnoringCaseAndByExactUrn() {
        List<SchoolSummary> aldgate = search("ALDGATE", null, null, false, false);
        assertThat(aldgate).containsExactly(new SchoolSummary(100000, "The Aldgate School", "City of London",
                "Primary", "Voluntary aided school", "Open", true, 2, 1));
        assertThat(urns(search("100000", null, null, false, false))).containsExactly(100000L);
        assertThat(search("10000", null, null, false, false)).as("a URN matches whole, not as a prefix").isEmpty();
        assertThat(urns(search("st paul's", null, null, false, false))).containsExactly(100002L, 100046L);
    }

    @Test
    void treatsLikeWildcardsInTheSearchTextAsPlainCharacters() {
        assertThat(search("_", null, null, false, false)).isEmpty();
        assertThat(search("%", null, null, false, false)).isEmpty();
    }

    @Test
    void filtersByLocalAuthorityAndPhase() {
        assertThat(urns(search(null, "201", null, false, false)))
                .as("ordered by name").containsExactly(100003L, 100001L, 100002L, 100000L);
        assertThat(search(null, "202", "Primary", false, false)).hasSize(35)
                .allSatisfy(s -> assertThat(s.laName()).isEqualTo("Camden"))
                .allSatisfy(s -> assertThat(s.phaseName()).isEqualTo("Primary"));
        assertThat(urns(search(null, null, "Nursery", false, false))).containsExactly(100005L);
        assertThat(urns(search(null, null, "Nursery", false, true))).containsExactly(100004L, 100005L);
    }

    @Test
    void leavesClosedSchoolsOutUnlessAskedFor() {
        assertThat(search(null, null, null, false, false)).hasSize(89).allMatch(SchoolSummary::open);
        assertThat(search(null, null, null, false, true)).hasSize(99);
        assertThat(search("kingsgate", null, null, false, false)).isEmpty();
        assertThat(urns(search("kingsgate", null, null, false, true))).containsExactly(100017L, 100016L);
        SchoolSummary proposedToClose = search("100012", null, null, false, false).get(0);
        assertThat(proposedToClose.statusName()).isEqualTo("Open, but proposed to close");
        assertThat(proposedToClose.open()).isTrue();
    }

    @Test
    void findsOpenSchoolsThatNobodyWouldBeAlertedAt() {
        assertThat(directory.countOpenWithoutSafeguardingContact()).isEqualTo(86);
        List<SchoolSummary> missing = search(null, null, null, true, false);
        assertThat(missing).hasSize(86).allMatch(SchoolSummary::missingSafeguardingContact);
        assertThat(urns(missing)).doesNotContain(100000L, 100001L, 100012L).contains(100002L, 402406L);
        assertThat(urns(search(null, "201", null, true, false))).containsExactly(100003L, 100002L);
        assertThat(search(null, null, null, true, true)).as("closed ones too, but not 100004 with its DSL")
                .hasSize(95).extracting(SchoolSummary::urn).doesNotContain(100004L);
        SchoolSummary cathedral = search("100002", null, null, false, false).get(0);
        assertThat(cathedral.contacts()).isEqualTo(1);
        assertThat(cathedral.safeguardingContacts()).isZero();
    }

    @Test
    void pagesThroughEveryOpenSchoolOnce() {
        Set<Long> seen = new HashSet<>();
        for (int page = 0; page < 9; page++) {
            List<SchoolSummary> rows = directory.search(new DirectorySearch(null, null, null, false, false, page, 10));
            assertThat(rows).hasSize(page < 8 ? 10 : 9);
            rows.forEach(row -> assertThat(seen.add(row.urn())).as("URN %d twice", row.urn()).isTrue());
        }
        assertThat(directory.search(new DirectorySearch(null, null, null, false, false, 9, 10))).isEmpty();
        assertThat(seen).hasSize(89);
    }

    @Test
    void listsLocalAuthoritiesAndPhasesByName() {
        assertThat(directory.localAuthorities()).containsExactly(
                new Coded("677", "Blaenau Gwent"), new Coded("676", "Caerphilly"), new Coded("202", "Camden"),
                new Coded("681", "Cardiff"), new Coded("669", "Carmarthenshire"), new Coded("667", "Ceredigion"),
                new Coded("201", "City of London"), new Coded("662", "Conwy"), new Coded("664", "Flintshire"),
                new Coded("661", "Gwynedd"), new Coded("660", "Isle of Anglesey"), new Coded("675", "Merthyr Tydfil"),
                new Coded("671", "Neath Port Talbot"), new Coded("680", "Newport"), new Coded("668", "Pembrokeshire"),
                new Coded("666", "Powys"), new Coded("674", "Rhondda Cynon Taf"), new Coded("670", "Swansea"),
                new Coded("673", "Vale of Glamorgan"), new Coded("665", "Wrexham"));
        assertThat(directory.phases()).containsExactly("Not applicable", "Nursery", "Primary");
    }

    @Test
    void reimportsUpdatesAndRetiresOnThisDatabase() throws Exception {
        assertThat(establishmentImport.importCsv(shared(GIAS_SAMPLE)).unchanged()).isEqualTo(99);
        assertThat(establishmentImport.importCsv(shared(GIAS_UPDATE)).updated()).isEqualTo(1);
        assertThat(directory.findEstablishment(100000).orElseThrow().name()).isEqualTo("The Aldgate School 2");

        ImportReport contacts = contactImport.importCsv(csv(CONTACTS_HEADER,
                "100000,DSL,Amara Adeyemi,dsl@aldgate.sch.example,07700 900123"));
        assertThat(contacts.unchanged()).isEqualTo(1);
        assertThat(contacts.retired()).isEqualTo(1);
        assertThat(directory.contactsOf(100000)).extracting(SafeguardingContact::name).containsExactly("Amara Adeyemi");
        assertThat(directory.contactsOf(100001)).extracting(SafeguardingContact::name).containsExactly("Chloé Campbell");
    }

    private List<SchoolSummary> search(String text, String la, String phase, boolean onlyMissing, boolean closed) {
        return directory.search(new DirectorySearch(text, la, phase, onlyMissing, closed, 0, 200));
    }

    private static List<Long> urns(List<SchoolSummary> schools) {
        return schools.stream().map(SchoolSummary::urn).toList();
    }
}
