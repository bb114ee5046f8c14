package org.safeguarding.hub.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safeguarding.hub.directory.ContactRole.DEPUTY_DSL;
import static org.safeguarding.hub.directory.ContactRole.DSL;
import static org.safeguarding.hub.directory.ContactRole.HEAD;
import static org.safeguarding.hub.directory.ContactRole.LA_SAFEGUARDING;
import static org.safeguarding.hub.directory.DirectoryFiles.CONTACTS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_SAMPLE;
import static org.safeguarding.hub.directory.DirectoryFiles.csv;
import static org.safeguarding.hub.directory.DirectoryFiles.shared;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.safeguarding.hub.directory.ImportReport.RejectedRow;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** The safeguarding contacts import, against the schools of the real 99-row GIAS sample. */
@SpringBootTest
@ActiveProfiles("test")
class ContactImportTest {

    @Autowired
    ContactImport contactImport;

    @Autowired
    EstablishmentImport establishmentImport;

    @Autowired
    DirectoryRepository directory;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void sampleSchoolsWithoutContacts() throws Exception {
        DirectoryFiles.clear(jdbc);
        establishmentImport.importCsv(shared(GIAS_SAMPLE));
    }

    @Test
    void importsValidContacts() throws Exception {
        ImportReport report = contactImport.importCsv(csv(CONTACTS_HEADER,
                "100000,HEAD,Ben Baker,head@aldgate.sch.example,",
                "100000,DSL,Amara Adeyemi,Amara.Adeyemi@Aldgate.SCH.Example,07700 900123",
                "100000,Deputy DSL,Owen Evans,,07700 900124",
                "402406,LA_SAFEGUARDING,Anglesey Education Safeguarding,diogelu@ynysmon.gov.example,"));

        assertThat(report).isEqualTo(new ImportReport(4, 0, 0, 0, List.of()));
        assertThat(directory.contactsOf(100000)).containsExactly(
                new SafeguardingContact(100000, DSL, "Amara Adeyemi", "Amara.Adeyemi@aldgate.sch.example",
                        "+447700900123"),
                new SafeguardingContact(100000, DEPUTY_DSL, "Owen Evans", null, "+447700900124"),
                new SafeguardingContact(100000, HEAD, "Ben Baker", "head@aldgate.sch.example", null));
        assertThat(directory.contactsOf(402406)).extracting(SafeguardingContact::role).containsExactly(LA_SAFEGUARDING);
    }

    @Test
    void rejectsEmailsThatAreNotAddressesWithTheirLine() throws Exception {
        ImportReport report = contactImport.importCsv(csv(CONTACTS_HEADER,
                "100000,DSL,Amara Adeyemi,not-an-email,",
                "100000,HEAD,Ben Baker,head@aldgate.sch.example,",
                "100001,DSL,Chloé Campbell,chloe@localhost,",
                "100002,DSL,Dafydd Davies,dafydd@@cathedral.sch.example,",
                "100003,DSL,Eilidh Evans,eilidh..evans@cls.sch.example,",
                "100005,DSL,Farah Fletcher,farah fletcher@coram.sch.example,"));

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.rejected()).containsExactly(
                new RejectedRow(2, "Email 'not-an-email' is not an email address"),
                new RejectedRow(4, "Email 'chloe@localhost' is not an email address"),
                new RejectedRow(5, "Email 'dafydd@@cathedral.sch.example' is not an email address"),
                new RejectedRow(6, "Email 'eilidh..evans@cls.sch.example' is not an email address"),
                new RejectedRow(7, "Email 'farah fletcher@coram.sch.example' is not an email address"));
        assertThat(directory.contactsOf(100000)).extracting(SafeguardingContact::name).containsExactly("Ben Baker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"07700 900123", "07700900123", "+44 7700 900123", "+447700900123", "7700900123",
        "00447700900123", "447700900123", "(07700) 900-123", "07700.900.123", "+44 (0)7700 900123",
        "0044 (0) 7700 900123"})
    void storesUkMobilesInE164(String written) throws Exception {
        ImportReport report = contactImport.importCsv(csv(CONTACTS_HEADER,
                "100000,DSL,Amara Adeyemi,,\"" + written + "\""));

        assertThat(report.rejected()).isEmpty();
        assertThat(directory.contactsOf(100000)).extracting(SafeguardingContact::mobile).containsExactly("+447700900123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"020 7283 1147", "02072831147", "01632 960123", "+44 20 7283 1147", "07700 90012",
        "07700 9001234", "+33 6 12 34 56 78", "00 7700 900123", "12345", "ring the office",
        "07700 900123 ext 2"})
    void rejectsLandlinesAndJunkAsMobiles(String written) throws Exception {
        ImportReport report = contactImport.importCsv(csv(CONTACTS_HEADER,
                "100000,HEAD,Ben Baker,head@aldgate.sch.example,",
                "100000,DSL,Amara Adeyemi,dsl@aldgate.sch.example,\"" + written + "\""));

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.rejected()).containsExactly(
                new RejectedRow(3, "Mobile '" + written + "' is not a UK mobile number"));
    }

    @Test
    void rejectsUnknownUrnsRowByRow() throws Exception {
        ImportReport report = contactImport.importCsv(csv(CONTACTS_HEADER,
                "999999,DSL,Amara Adeyemi,dsl@nowhere.sch.example,",
                "100000,DSL,Ben Baker,dsl@aldgate.sch.example,",
                "888888,DSL,Chloe Campbell,dsl@elsewhere.sch.example,",
                "URN-1,DSL,Dafydd Davies,dsl@typo.sch.example,"));

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.rejected()).containsExactlyInAnyOrder(
                new RejectedRow(2, "URN 999999 is not in the school directory"),
                new RejectedRow(4, "URN 888888 is not in the school directory"),
                new RejectedRow(5, "URN 'URN-1' is not a number"));
        assertThat(directory.contactsOf(100000)).hasSize(1);
    }

    @Test
    void rejectsAnUnknownRoleNamingTheValidOnes() throws Exception {
        ImportReport report = contactImport.importCsv(csv(CONTACTS_HEADER,
                "100000,DSL,Amara Adeyemi,dsl@aldgate.sch.example,",
                "100000,Governor,Ben Baker,chair@aldgate.sch.example,",
                "100000,,Chloe Campbell,office@aldgate.sch.example,"));

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.rejected()).containsExactly(
                new RejectedRow(3, "Role 'Governor' is not one of DSL, DEPUTY_DSL, HEAD, LA_SAFEGUARDING"),
                new RejectedRow(4, "Role is missing: use one of DSL, DEPUTY_DSL, HEAD, LA_SAFEGUARDING"));
    }

    @Test
    void rejectsAContactNobodyCouldReach() throws Exception {
        ImportReport report = contactImport.importCsv(csv(CONTACTS_HEADER, "100000,DSL,Amara Adeyemi,,"));

        assertThat(report.rejected()).containsExactly(
                new RejectedRow(2, "Neither Email nor Mobile is given: the contact could not be alerted"));
    }

    @Test
    void aNewFileRetiresContactsItNoLongerListsUnlessTheSchoolHasARejectedRow() throws Exception {
        contactImport.importCsv(csv(CONTACTS_HEADER,
                "100000,DSL,Old Lead,old.lead@aldgate.sch.example,",
                "100000,HEAD,Ben Baker,head@aldgate.sch.example,",
                "100003,DSL,Lead Bee,dsl@cls.sch.example,",
                "100003,DEPUTY_DSL,Deputy Cee,deputy@cls.sch.example,",
                "100001,DSL,Not Relisted,dsl@clsg.sch.example,"));

        ImportReport report = contactImport.importCsv(csv(CONTACTS_HEADER,
                "100000,DSL,New Lead,new.lead@aldgate.sch.example,07700 900125",
                "100000,HEAD,Ben Baker,headteacher@aldgate.sch.example,",
                "100003,DSL,Lead Bee,dsl@cls.sch.example,",
                "100003,DEPUTY_DSL,Deputy Dee,deputy@cls.sch.example,020 7283 1147"));

        assertThat(report).isEqualTo(new ImportReport(1, 1, 1, 1, List.of(
                new RejectedRow(5, "Mobile '020 7283 1147' is not a UK mobile number"))));
        assertThat(directory.contactsOf(100000)).containsExactly(
                new SafeguardingContact(100000, DSL, "New Lead", "new.lead@aldgate.sch.example", "+447700900125"),
                new SafeguardingContact(100000, HEAD, "Ben Baker", "headteacher@aldgate.sch.example", null));
        assertThat(directory.contactsOf(100003)).as("a typo must not leave a school without its deputy")
                .extracting(SafeguardingContact::name).containsExactly("Lead Bee", "Deputy Cee");
        assertThat(directory.contactsOf(100001)).as("a school the file does not mention keeps its contacts")
                .extracting(SafeguardingContact::name).containsExactly("Not Relisted");
    }

    @Test
    void refusesAFileWithoutTheContactColumns() {
        assertThatThrownBy(() -> contactImport.importCsv(csv("URN,Role,Name,Email", "100000,DSL,Amara,a@b.example")))
                .isInstanceOf(InvalidDirectoryFileException.class)
                .hasMessage("The file has no Mobile column: a contacts file has the header URN,Role,Name,Email,Mobile");
    }
}
