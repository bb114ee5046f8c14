package org.safeguarding.hub.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.unit.DataSize;

/**
 * Bounded directory uploads: a file over {@code hub.directory.max-upload-size} (64 KB here) is refused on the API
 * (413) and on the page (beside the file field), and an import of many bad rows lists the first 1,000 and counts
 * the rest.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "hub.directory.max-upload-size=64KB"})
@ActiveProfiles("test")
class UploadLimitTest {

    private static final String ADMIN = "upload-admin";
    private static final String HEADER = "URN,EstablishmentName";

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    DirectoryRepository directory;
    @Autowired
    MultipartProperties multipart;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void adminAndAnEmptyDirectory() {
        DirectoryFiles.clear(jdbc);
        TestAccounts.ensure(accounts, passwords, ADMIN, Role.ADMIN);
    }

    @Test
    void theMultipartLimitsFollowTheHubSetting() {
        assertThat(multipart.getMaxFileSize()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(multipart.getMaxRequestSize()).isEqualTo(DataSize.ofKilobytes(64));
    }

    @Test
    void theApiRefusesAFileOverTheLimitWith413AndImportsNothing() throws Exception {
        byte[] file = goodSchools(3000).getBytes(StandardCharsets.UTF_8);
        assertThat(file.length).isGreaterThan(64 * 1024);

        HttpResponse<String> response = post("/api/v1/directory/schools", BodyPublishers.ofByteArray(file));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json.readTree(response.body()).get("detail").asText())
                .isEqualTo("The file must be smaller than 64 KB (hub.directory.max-upload-size)");
        assertThat(directory.countEstablishments()).isZero();
    }

    @Test
    void theApiStopsReadingABodyWithoutLengthAtTheLimit() throws Exception {
        byte[] file = goodSchools(3000).getBytes(StandardCharsets.UTF_8);

        // streamed, so sent chunked, without a Content-Length
        HttpResponse<String> response = post("/api/v1/directory/schools",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(file)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json.readTree(response.body()).get("detail").asText()).contains("smaller than 64 KB");
        assertThat(directory.countEstablishments()).isZero();
        HttpResponse<String> small = post("/api/v1/directory/schools",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(goodSchools(10).getBytes(StandardCharsets.UTF_8))));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        assertThat(directory.countEstablishments()).isEqualTo(10);
    }

    @Test
    void thePageSaysTheFileIsTooLargeBesideTheFileField() {
        TestBrowser admin = new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));
        String token = TestBrowser.csrfField(admin.get("/directory/import").body());

        HttpResponse<String> upload = admin.postMultipart("/directory/import?kind=contacts", Map.of("_csrf", token),
                "file", "contacts.csv", goodSchools(3000));

        assertThat(upload.statusCode()).isEqualTo(303);
        HttpResponse<String> page = admin.get(TestBrowser.location(upload));
        assertThat(page.statusCode()).isEqualTo(200);
        String contactsField = page.body().substring(page.body().indexOf("Contacts file (CSV)"));
        assertThat(contactsField.substring(0, contactsField.indexOf("id=\"file-contacts\"")))
                .contains("govuk-error-message", "The selected file must be smaller than 64 KB");
        assertThat(page.body()).contains("govuk-error-summary", "href=\"#file-contacts\"");
        assertThat(directory.countEstablishments()).isZero();
    }

    @Test
    void anImportOfManyBadRowsListsTheFirstThousandAndCountsThemAll() throws Exception {
        String file = HEADER + "\n" + IntStream.rangeClosed(1, 1500).mapToObj(i -> "x" + i + ",Bad")
                .collect(Collectors.joining("\n")) + "\n900001,Good School\n";

        HttpResponse<String> response = post("/api/v1/directory/schools",
                BodyPublishers.ofString(file, StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = json.readTree(response.body());
        assertThat(report.get("imported").asInt()).isEqualTo(1);
        assertThat(report.get("rejectedCount").asInt()).isEqualTo(1500);
        assertThat(report.get("rejected")).hasSize(1000);
        assertThat(report.get("rejected").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(report.get("rejected").get(999).get("line").asLong()).isEqualTo(1001);

        TestBrowser admin = new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));
        String token = TestBrowser.csrfField(admin.get("/directory/import").body());
        HttpResponse<String> page = admin.postMultipart("/directory/import?kind=schools", Map.of("_csrf", token),
                "file", "bad.csv", file);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<dd class=\"govuk-summary-list__value\" id=\"rejected\">1500</dd>")
                .contains("and 500 more rows were rejected (the first 1,000 are listed)");
        assertThat(page.body().split("is not a number", -1)).hasSize(1001);
    }

    /** {@code rows} valid GIAS rows, URNs from 800001. */
    private static String goodSchools(int rows) {
        return HEADER + "\n" + IntStream.rangeClosed(1, rows).mapToObj(i -> (800000 + i) + ",School number " + i)
                .collect(Collectors.joining("\n")) + "\n";
    }

    private HttpResponse<String> post(String path, BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestBrowser.basic(ADMIN, TestAccounts.password(ADMIN)))
                .header("Content-Type", "text/csv").POST(body).build(), BodyHandlers.ofString());
    }
}
