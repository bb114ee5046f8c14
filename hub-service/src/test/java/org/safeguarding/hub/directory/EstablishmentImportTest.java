package org.safeguarding.hub.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safeguarding.hub.directory.DirectoryFiles.EDUBASE_2018;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_LINKS;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_SAMPLE;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_UPDATE;
import static org.safeguarding.hub.directory.DirectoryFiles.csv;
import static org.safeguarding.hub.directory.DirectoryFiles.shared;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.directory.Establishment.Coded;
import org.safeguarding.hub.directory.ImportReport.RejectedRow;
import org.safeguarding.hub.support.SharedData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** The GIAS establishment import against the real extracts in ../shared/data and files that test edge cases. */
@SpringBootTest
@ActiveProfiles("test")
class EstablishmentImportTest {

    @Autowired
    EstablishmentImport establishmentImport;

    @Autowired
    DirectoryRepository directory;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void emptyDirectory() {
        DirectoryFiles.clear(jdbc);
    }

    @Test
    void importsEveryRowOfThe2025SampleWithSpreadsheetDamageRepaired() throws Exception {
        ImportReport report = establishmentImport.importCsv(shared(GIAS_SAMPLE));

        assertThat(report).isEqualTo(new ImportReport(99, 0, 0, 0, List.of()));
        assertThat(directory.countEstablishments()).isEqualTo(99);

        Establishment aldgate = directory.findEstablishment(100000).orElseThrow();
        assertThat(aldgate.name()).isEqualTo("The Aldgate School");
        assertThat(aldgate.localAuthority()).isEqualTo(new Coded("201", "City of London"));
        assertThat(aldgate.district()).isEqualTo(new Coded("E09000001", "City of London"));
        assertThat(aldgate.phase()).isEqualTo(new Coded("2", "Primary"));
        assertThat(aldgate.type()).isEqualTo(new Coded("2", "Voluntary aided school"));
        assertThat(aldgate.typeGroup()).isEqualTo(new Coded("4", "Local authority maintained schools"));
        assertThat(aldgate.status()).isEqualTo(new Coded("1", "Open"));
        assertThat(aldgate.open()).isTrue();
        assertThat(aldgate.postcode()).isEqualTo("EC3A 5DE");
        assertThat(aldgate.town()).isEqualTo("London");
        assertThat(aldgate.telephone()).as("the file has 2072831147: the spreadsheet dropped the 0")
                .isEqualTo("02072831147");
        assertThat(aldgate.website()).isEqualTo("www.sirjohncassprimary.org");
        assertThat(aldgate.headName()).as("the sample names no head").isNull();
        assertThat(aldgate.lastImportedAt()).isNotNull();

        Establishment cybi = directory.findEstablishment(402406).orElseThrow();
        assertThat(cybi.name()).isEqualTo("Ysgol Cybi");
        assertThat(cybi.localAuthority()).isEqualTo(new Coded("660", "Isle of Anglesey"));
        assertThat(cybi.type()).isEqualTo(new Coded("30", "Welsh establishment"));
        assertThat(cybi.phase()).isEqualTo(new Coded("0", "Not applicable"));
        assertThat(cybi.town()).isEqualTo("Caergybi");
        assertThat(cybi.postcode()).isEqualTo("LL65 1NS");
        assertThat(cybi.telephone()).isNull();

        assertThat(directory.findEstablishment(402384).orElseThrow().telephone()).isEqualTo("01443682168");

        Establishment carlton = directory.findEstablishment(100012).orElseThrow();
        assertThat(carlton.status()).isEqualTo(new Coded("3", "Open, but proposed to close"));
        assertThat(carlton.open()).isTrue();
        Establishment sherborne = directory.findEstablishment(100004).orElseThrow();
        assertThat(sherborne.status()).isEqualTo(new Coded("2", "Closed"));
        assertThat(sherborne.open()).isFalse();
        assertThat(directory.findEstablishment(402386).orElseThrow().open()).as("4 Proposed to open").isFalse();
    }

    /** The sample's only non-ASCII text is a column the hub does not store, so read it the way the import does. */
    @Test
    void readsTheSampleAsUtf8SoWelshNamesKeepTheirAccents() throws Exception {
        Map<String, String> constituencies = new HashMap<>();
        try (CsvUpload upload = CsvUpload.spool(shared(GIAS_SAMPLE))) {
            assertThat(upload.charset()).isEqualTo(StandardCharsets.UTF_8);
            upload.read(header -> { }, row -> constituencies.put(row.get("URN"),
                    row.get("ParliamentaryConstituency (name)")));
        }
        assertThat(constituencies).hasSize(99).containsEntry("402406", "Ynys M\u00f4n");
    }

    @Test
    void importsThe2018LayoutWithEveryFieldQuotedAndZeroPaddedCodes() throws Exception {
        ImportReport report = establishmentImport.importCsv(shared(EDUBASE_2018));

        assertThat(report.imported()).isEqualTo(4);
        assertThat(report.updated() + report.unchanged()).isZero();
        assertThat(report.rejected()).isEmpty();

        Establishment stThomas = directory.findEstablishment(100492).orElseThrow();
        assertThat(stThomas.name()).isEqualTo("St Thomas' CofE Primary School");
        assertThat(stThomas.postcode()).isEqualTo("W10 5EF");
        assertThat(stThomas.type()).as("\"02\" stored as the spreadsheet file stores it")
                .isEqualTo(new Coded("2", "Voluntary aided school"));
        assertThat(stThomas.localAuthority()).isEqualTo(new Coded("207", "Kensington and Chelsea"));
        assertThat(stThomas.telephone()).isEqualTo("02089692810");
        assertThat(stThomas.headName()).isEqualTo("Ms Sarah Bouette");
        assertThat(directory.findEstablishment(100171).orElseThrow().phase()).isEqualTo(new Coded("7", "All through"));
    }

    @Test
    void reimportingTheSameFileLeavesEveryRowUnchanged() throws Exception {
        establishmentImport.importCsv(shared(GIAS_SAMPLE));
        Establishment before = directory.findEstablishment(100000).orElseThrow();

        ImportReport again = establishmentImport.importCsv(shared(GIAS_SAMPLE));

        assertThat(again).isEqualTo(new ImportReport(0, 0, 99, 0, List.of()));
        Establishment after = directory.findEstablishment(100000).orElseThrow();
        assertThat(after).usingRecursiveComparison().ignoringFields("lastImportedAt").isEqualTo(before);
        assertThat(after.lastImportedAt()).isAfterOrEqualTo(before.lastImportedAt());
    }

    @Test
    void theUpdateFileRenamesOneSchoolAndLeavesTheOthersAlone() throws Exception {
        establishmentImport.importCsv(shared(GIAS_SAMPLE));

        ImportReport report = establishmentImport.importCsv(shared(GIAS_UPDATE));

        assertThat(report).isEqualTo(new ImportReport(0, 1, 0, 0, List.of()));
        Establishment aldgate = directory.findEstablishment(100000).orElseThrow();
        assertThat(aldgate.name()).isEqualTo("The Aldgate School 2");
        assertThat(aldgate.headName()).isEqualTo("Miss Some One");
        assertThat(aldgate.type().code()).as("\"02\" in this raw file, \"2\" in the sample").isEqualTo("2");
        assertThat(aldgate.telephone()).isEqualTo("02072831147");
        assertThat(directory.countEstablishments()).isEqualTo(99);
        assertThat(directory.findEstablishment(100001).orElseThrow().name())
                .isEqualTo("City of London School for Girls");
    }

    /** The raw file differs from the sample only in quotes and leading zeros once its real changes are undone. */
    @Test
    void aRawDownloadOfTheSameDataAsTheSpreadsheetCopyIsUnchanged() throws Exception {
        establishmentImport.importCsv(shared(GIAS_SAMPLE));
        String raw = new String(SharedData.bytes(GIAS_UPDATE), StandardCharsets.UTF_8)
                .replace("\"The Aldgate School 2\"", "\"The Aldgate School\"")
                .replace("\"Miss\",\"Some\",\"One\"", "\"\",\"\",\"\"");
        assertThat(raw).contains("\"02\",\"Voluntary aided school\"").contains("\"02072831147\"");

        ImportReport report = establishmentImport.importCsv(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));

        assertThat(report).isEqualTo(new ImportReport(0, 0, 1, 0, List.of()));
    }

    @Test
    void aLatin1FileKeepsItsAccents() throws Exception {
        ImportReport report = establishmentImport.importCsv(DirectoryFiles.encoded(StandardCharsets.ISO_8859_1,
                GIAS_HEADER,
                "900001,660,Ynys M\u00f4n,Ysgol Gynradd Caergybi,30,Welsh establishment,1,Open,0,Not applicable,,LL65 1AA",
                "900002,202,Camden,\u00c9cole Sainte-Th\u00e9r\u00e8se,11,Other independent school,1,Open,0,"
                        + "Not applicable,,NW1 1AA"));

        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.rejected()).isEmpty();
        assertThat(directory.findEstablishment(900001).orElseThrow().localAuthority())
                .isEqualTo(new Coded("660", "Ynys M\u00f4n"));
        assertThat(directory.findEstablishment(900002).orElseThrow().name())
                .isEqualTo("\u00c9cole Sainte-Th\u00e9r\u00e8se");
    }

    @Test
    void aUtf8FileWithByteOrderMarkAndCrlfFindsItsUrnColumn() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(DirectoryFiles.crlf(GIAS_HEADER,
                "900003,660,Ynys M\u00f4n,Ysgol y Graig,30,Welsh establishment,1,Open,0,Not applicable,,LL77 7AA",
                ",660,Ynys M\u00f4n,Ysgol Heb URN,30,Welsh establishment,1,Open,0,Not applicable,,LL77 7AB")
                .getBytes(StandardCharsets.UTF_8));

        ImportReport report = establishmentImport.importCsv(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.rejected()).containsExactly(new RejectedRow(3, "URN is missing"));
        Establishment graig = directory.findEstablishment(900003).orElseThrow();
        assertThat(graig.localAuthority().name()).isEqualTo("Ynys M\u00f4n");
        assertThat(graig.postcode()).as("the last column carries no CR").isEqualTo("LL77 7AA");
    }

    @Test
    void aSchoolProposedToCloseIsOpenAndAClosedSchoolStaysInTheDirectory() throws Exception {
        establishmentImport.importCsv(csv(GIAS_HEADER,
                "900010,202,Camden,Fernley Primary School,1,Community school,3,\"Open, but proposed to close\","
                        + "2,Primary,,NW5 1AA"));
        Establishment proposed = directory.findEstablishment(900010).orElseThrow();
        assertThat(proposed.status()).isEqualTo(new Coded("3", "Open, but proposed to close"));
        assertThat(proposed.open()).isTrue();
        assertThat(urnsFound(false)).containsExactly(900010L);

        ImportReport closing = establishmentImport.importCsv(csv(GIAS_HEADER,
                "900010,202,Camden,Fernley Primary School,1,Community school,2,Closed,2,Primary,,NW5 1AA"));
        assertThat(closing).isEqualTo(new ImportReport(0, 1, 0, 0, List.of()));

        establishmentImport.importCsv(csv(GIAS_HEADER,
                "900011,202,Camden,Ashcombe Primary School,1,Community school,1,Open,2,Primary,,NW5 1AB"));
        Establishment closed = directory.findEstablishment(900010).orElseThrow();
        assertThat(closed.status()).isEqualTo(new Coded("2", "Closed"));
        assertThat(closed.open()).isFalse();
        assertThat(directory.countEstablishments()).as("a file that no longer lists a school deletes nothing")
                .isEqualTo(2);
        assertThat(urnsFound(false)).containsExactly(900011L);
        assertThat(urnsFound(true)).containsExactlyInAnyOrder(900010L, 900011L);
    }

    @Test
    void rejectsBadRowsWithTheirLineAndImportsTheGoodOnes() throws Exception {
        ImportReport report = establishmentImport.importCsv(csv(GIAS_HEADER,
                "900020,202,Camden,Oakfield Primary School,1,Community school,1,Open,2,Primary,"
                        + "\"1 Oak Road\r\nUpper Floor\",NW1 2AA",
                ",202,Camden,No Urn Primary School,1,Community school,1,Open,2,Primary,,NW1 2AB",
                "10A01,202,Camden,Letter Urn Primary School,1,Community school,1,Open,2,Primary,,NW1 2AC",
                "900021,202,Camden,,1,Community school,1,Open,2,Primary,,NW1 2AD",
                "900022,202,Camden,Elmbridge Primary School,1,Community school,1,Open,2,Primary,,NW1 2AE"));

        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.rejected()).containsExactly(
                new RejectedRow(4, "URN is missing"),
                new RejectedRow(5, "URN '10A01' is not a number"),
                new RejectedRow(6, "EstablishmentName is missing for URN 900021"));
        assertThat(directory.findEstablishment(900020)).isPresent();
        assertThat(directory.findEstablishment(900021)).isEmpty();
        assertThat(directory.findEstablishment(900022)).isPresent();
    }

    @Test
    void countsBlankLinesWhenNumberingRejectedRows() throws Exception {
        ImportReport report = establishmentImport.importCsv(csv(GIAS_HEADER,
                "900030,202,Camden,Hazelwood Primary School,1,Community school,1,Open,2,Primary,,NW1 3AA",
                "",
                "x,202,Camden,Bad Urn School,1,Community school,1,Open,2,Primary,,NW1 3AB"));

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.rejected()).containsExactly(new RejectedRow(4, "URN 'x' is not a number"));

        ImportReport leadingBlank = establishmentImport.importCsv(csv("", GIAS_HEADER,
                "y,202,Camden,Bad Urn School,1,Community school,1,Open,2,Primary,,NW1 3AB"));
        assertThat(leadingBlank.rejected()).containsExactly(new RejectedRow(3, "URN 'y' is not a number"));
    }

    @Test
    void refusesAFileWithoutUrnColumn() {
        assertThatThrownBy(() -> establishmentImport.importCsv(csv(
                "Name,Postcode", "Oakfield Primary School,NW1 2AA")))
                .isInstanceOf(InvalidDirectoryFileException.class)
                .hasMessage("The file has no URN column: it does not look like a GIAS establishment CSV");
        assertThat(directory.countEstablishments()).isZero();
    }

    @Test
    void refusesTheGiasLinksExtractWhichIsNotAnEstablishmentFile() {
        assertThatThrownBy(() -> establishmentImport.importCsv(shared(GIAS_LINKS)))
                .isInstanceOf(InvalidDirectoryFileException.class)
                .hasMessageContaining("no EstablishmentName column");
        assertThat(directory.countEstablishments()).isZero();
    }

    @Test
    void refusesAnEmptyFile() {
        assertThatThrownBy(() -> establishmentImport.importCsv(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(InvalidDirectoryFileException.class)
                .hasMessageContaining("empty");
    }

    private List<Long> urnsFound(boolean includeClosed) {
        return directory.search(new DirectorySearch(null, null, null, false, includeClosed, 0, 50)).stream()
                .map(SchoolSummary::urn).toList();
    }
}
