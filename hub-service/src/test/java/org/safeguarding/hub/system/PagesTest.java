package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.DirectoryRepository;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/** The pages, over real HTTP as signed-in users, on a small directory loaded through the real importers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
class PagesTest {

    private static final String RAISER = "pages-raiser";
    private static final String ADMIN = "pages-admin";
    private static final String STYLESHEET = "/webjars/govuk-frontend/5.14.0/dist/govuk/govuk-frontend.min.css";

    private static final String SCHOOLS = """
            URN,EstablishmentName,LA (code),LA (name),PhaseOfEducation (code),PhaseOfEducation (name),EstablishmentStatus (code),EstablishmentStatus (name),Town,Postcode
            880001,Pagetest Uncovered Primary School,888,Testshire,2,Primary,1,Open,Testford,TE1 1AA
            880002,Pagetest Covered Academy,888,Testshire,4,Secondary,1,Open,Testford,TE1 1AB
            880003,Pagetest Closed Infant School,888,Testshire,2,Primary,2,Closed,Testford,TE1 1AC
            """;
    private static final String CONTACTS = """
            URN,Role,Name,Email,Mobile
            880002,DSL,Alex Pagetest,alex.dsl@covered.example.org,
            880002,HEAD,Jo Headteacher,head@covered.example.org,
            """;

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    EstablishmentImport establishmentImport;
    @Autowired
    ContactImport contactImport;
    @Autowired
    DirectoryRepository directory;

    @BeforeEach
    void directoryAndAccounts() throws IOException {
        TestAccounts.ensure(accounts, passwords, RAISER, Role.RAISER);
        TestAccounts.ensure(accounts, passwords, ADMIN, Role.ADMIN);
        assertThat(establishmentImport.importCsv(utf8(SCHOOLS)).rejected()).isEmpty();
        assertThat(contactImport.importCsv(utf8(CONTACTS)).rejected()).isEmpty();
    }

    @Test
    void homePageHasTheGovukStylesAndTheServiceName() {
        TestBrowser raiser = signedIn(RAISER);
        HttpResponse<String> home = raiser.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body())
                .contains("<link rel=\"stylesheet\" href=\"" + STYLESHEET + "\">")
                .contains("<title>Safeguarding Alert Hub</title>")
                .contains("govuk-header__service-name\">Safeguarding Alert Hub</a>")
                .contains("Signed in as " + RAISER)
                .doesNotContain("href=\"/directory/import\"");
        HttpResponse<String> css = raiser.get(STYLESHEET);
        assertThat(css.statusCode()).as("the stylesheet the page links to is served").isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));

        assertThat(signedIn(ADMIN).get("/").body()).as("admins see the import").contains("href=\"/directory/import\"");
    }

    @Test
    void directoryWarnsAboutOpenSchoolsWithoutASafeguardingContact() {
        HttpResponse<String> page = signedIn(RAISER).get("/directory?q=Pagetest");
        assertThat(page.statusCode()).isEqualTo(200);
        int without = directory.countOpenWithoutSafeguardingContact();
        assertThat(without).isPositive();
        assertThat(page.body()).contains("<span id=\"without-contact-count\">" + without + "</span> open establishments"
                + " have no safeguarding contact");

        assertThat(row(page.body(), "880001")).contains("Pagetest Uncovered Primary School")
                .contains("govuk-tag govuk-tag--red\">No safeguarding contact</strong>");
        assertThat(row(page.body(), "880002")).contains("Pagetest Covered Academy")
                .doesNotContain("No safeguarding contact").contains("<span>2</span>");
        assertThat(page.body()).as("closed schools are hidden unless asked for").doesNotContain("880003");

        HttpResponse<String> withClosed = signedIn(RAISER).get("/directory?q=Pagetest&closed=true");
        assertThat(row(withClosed.body(), "880003")).as("a closed school needs no contact")
                .doesNotContain("No safeguarding contact");
    }

    @Test
    void schoolPageShowsItsContacts() {
        TestBrowser raiser = signedIn(RAISER);
        HttpResponse<String> covered = raiser.get("/directory/schools/880002");
        assertThat(covered.statusCode()).isEqualTo(200);
        assertThat(covered.body()).contains("Pagetest Covered Academy").contains("URN 880002")
                .contains(">Alex Pagetest<").contains(">alex.dsl@covered.example.org<").contains(">DSL<")
                .contains(">Jo Headteacher<").doesNotContain("id=\"no-safeguarding-contact\"");

        HttpResponse<String> uncovered = raiser.get("/directory/schools/880001");
        assertThat(uncovered.body()).contains("id=\"no-safeguarding-contact\"");
        assertThat(raiser.get("/directory/schools/999999999").statusCode()).isEqualTo(404);
    }

    @Test
    void importPageIsForAdminsOnly() {
        TestBrowser raiser = signedIn(RAISER);
        assertThat(raiser.get("/directory/import").statusCode()).isEqualTo(403);
        String token = TestBrowser.csrfField(raiser.get("/").body());
        assertThat(raiser.postMultipart("/directory/import", Map.of("kind", "schools", "_csrf", token), "file",
                "schools.csv", SCHOOLS).statusCode()).as("nor can a raiser post to it").isEqualTo(403);

        HttpResponse<String> admin = signedIn(ADMIN).get("/directory/import");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("Import the directory").contains("enctype=\"multipart/form-data\"");
    }

    @Test
    void uploadingAFileWithABadRowReportsTheLineAndReason() {
        TestBrowser admin = signedIn(ADMIN);
        String token = TestBrowser.csrfField(admin.get("/directory/import").body());
        String file = """
                URN,EstablishmentName,EstablishmentStatus (code),EstablishmentStatus (name)
                880004,Pagetest Uploaded Nursery,1,Open
                abc,Pagetest Broken Row,1,Open
                """;

        HttpResponse<String> withoutToken = admin.postMultipart("/directory/import", Map.of("kind", "schools"),
                "file", "gias.csv", file);
        assertThat(withoutToken.statusCode()).as("no CSRF token, no import").isEqualTo(403);
        assertThat(directory.findEstablishment(880004)).isEmpty();

        HttpResponse<String> report = admin.postMultipart("/directory/import", Map.of("kind", "schools", "_csrf", token),
                "file", "gias.csv", file);
        assertThat(report.statusCode()).isEqualTo(200);
        String html = unescape(report.body());
        assertThat(html).contains("Import finished").contains("gias.csv")
                .contains("<dd class=\"govuk-summary-list__value\" id=\"imported\">1</dd>")
                .contains("<dd class=\"govuk-summary-list__value\" id=\"rejected\">1</dd>")
                .contains("<td class=\"govuk-table__cell\">3</td><td class=\"govuk-table__cell\">URN 'abc' is not a number</td>");
        assertThat(directory.findEstablishment(880004)).as("the good row was imported").isPresent();
    }

    private TestBrowser signedIn(String username) {
        return new TestBrowser(port).signIn(username, TestAccounts.password(username));
    }

    /** The directory table row of one school. */
    private static String row(String html, String urn) {
        return Arrays.stream(html.split("<tr class=\"govuk-table__row\">"))
                .filter(r -> r.contains("<td class=\"govuk-table__cell\">" + urn + "</td>"))
                .findFirst().orElseThrow(() -> new AssertionError("no row for URN " + urn));
    }

    private static String unescape(String html) {
        return html.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static ByteArrayInputStream utf8(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }
}
