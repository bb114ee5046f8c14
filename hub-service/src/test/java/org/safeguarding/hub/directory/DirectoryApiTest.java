package org.safeguarding.hub.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.directory.DirectoryFiles.CONTACTS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_SAMPLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.support.SharedData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/** The directory API of DESIGN's public contract, over real HTTP with Basic auth. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
class DirectoryApiTest {

    private static final String ADMIN = "directory-api-admin";
    private static final String RAISER = "directory-api-raiser";
    private static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    @Autowired
    AccountRepository accounts;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    DirectoryRepository directory;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void accountsAndAnEmptyDirectory() {
        DirectoryFiles.clear(jdbc);
        for (Account account : new Account[] {
            new Account(ADMIN, passwordEncoder.encode(PASSWORD), "Directory Admin", "Test Partnership", Role.ADMIN, true),
            new Account(RAISER, passwordEncoder.encode(PASSWORD), "Police Officer", "Test Police", Role.RAISER, true)}) {
            if (!accounts.exists(account.username())) {
                accounts.create(account);
            }
        }
    }

    @Test
    void anAdminImportsTheGiasSampleAndGetsTheCounts() throws Exception {
        HttpResponse<String> response = postCsv("/schools", SharedData.bytes(GIAS_SAMPLE), ADMIN, PASSWORD);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode report = json.readTree(response.body());
        assertThat(report.get("imported").asInt()).isEqualTo(99);
        assertThat(report.get("updated").asInt()).isZero();
        assertThat(report.get("unchanged").asInt()).isZero();
        assertThat(report.get("rejected").isArray()).isTrue();
        assertThat(report.get("rejected")).isEmpty();
        assertThat(directory.countEstablishments()).isEqualTo(99);
    }

    @Test
    void rejectedRowsComeBackWithLineAndReason() throws Exception {
        String file = DirectoryFiles.crlf(GIAS_HEADER,
                "900001,202,Camden,Oakfield Primary School,1,Community school,1,Open,2,Primary,,NW1 2AA",
                ",202,Camden,No Urn School,1,Community school,1,Open,2,Primary,,NW1 2AB");

        HttpResponse<String> response = postCsv("/schools", file.getBytes(StandardCharsets.UTF_8), ADMIN, PASSWORD);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = json.readTree(response.body());
        assertThat(report.get("imported").asInt()).isEqualTo(1);
        assertThat(report.get("rejected")).hasSize(1);
        assertThat(report.get("rejected").get(0).get("line").asLong()).isEqualTo(3);
        assertThat(report.get("rejected").get(0).get("reason").asText()).isEqualTo("URN is missing");
    }

    @Test
    void aRaiserMayNotImport() throws Exception {
        HttpResponse<String> response = postCsv("/schools", SharedData.bytes(GIAS_SAMPLE), RAISER, PASSWORD);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(directory.countEstablishments()).isZero();
    }

    @Test
    void anonymousCallersAndWrongPasswordsAreAskedToAuthenticate() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(api("/schools"))
                .header("Content-Type", "text/csv")
                .POST(BodyPublishers.ofByteArray(SharedData.bytes(GIAS_SAMPLE))).build(), BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .hasValue("Basic realm=\"Safeguarding Alert Hub API\"");

        assertThat(postCsv("/schools", SharedData.bytes(GIAS_SAMPLE), ADMIN, "wrong").statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(api("/schools/100000")).GET().build(), BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        assertThat(directory.countEstablishments()).isZero();
    }

    @Test
    void aSchoolComesWithItsContacts() throws Exception {
        postCsv("/schools", SharedData.bytes(GIAS_SAMPLE), ADMIN, PASSWORD);
        HttpResponse<String> contacts = postCsv("/contacts", DirectoryFiles.crlf(CONTACTS_HEADER,
                "100000,HEAD,Ben Baker,head@aldgate.sch.example,",
                "100000,DSL,Amara Adeyemi,dsl@aldgate.sch.example,07700 900123").getBytes(StandardCharsets.UTF_8),
                ADMIN, PASSWORD);
        assertThat(contacts.statusCode()).isEqualTo(200);
        assertThat(json.readTree(contacts.body()).get("imported").asInt()).isEqualTo(2);

        HttpResponse<String> response = get("/schools/100000", RAISER, PASSWORD);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode school = json.readTree(response.body());
        assertThat(school.get("urn").asLong()).isEqualTo(100000);
        assertThat(school.get("name").asText()).isEqualTo("The Aldgate School");
        assertThat(school.get("localAuthority").get("code").asText()).isEqualTo("201");
        assertThat(school.get("localAuthority").get("name").asText()).isEqualTo("City of London");
        assertThat(school.get("phase").get("name").asText()).isEqualTo("Primary");
        assertThat(school.get("telephone").asText()).isEqualTo("02072831147");
        assertThat(school.get("open").asBoolean()).isTrue();
        JsonNode people = school.get("contacts");
        assertThat(people).hasSize(2);
        assertThat(people.get(0).get("role").asText()).isEqualTo("DSL");
        assertThat(people.get(0).get("name").asText()).isEqualTo("Amara Adeyemi");
        assertThat(people.get(0).get("email").asText()).isEqualTo("dsl@aldgate.sch.example");
        assertThat(people.get(0).get("mobile").asText()).isEqualTo("+447700900123");
        assertThat(people.get(1).get("role").asText()).isEqualTo("HEAD");
    }

    @Test
    void anUnknownUrnIsNotFound() throws Exception {
        assertThat(get("/schools/999999", RAISER, PASSWORD).statusCode()).isEqualTo(404);
    }

    @Test
    void aFileWithoutUrnColumnIsABadRequestThatSaysWhy() throws Exception {
        HttpResponse<String> response = postCsv("/schools",
                DirectoryFiles.crlf("Name,Postcode", "Oakfield Primary School,NW1 2AA").getBytes(StandardCharsets.UTF_8),
                ADMIN, PASSWORD);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("detail").asText())
                .isEqualTo("The file has no URN column: it does not look like a GIAS establishment CSV");
        assertThat(problem.get("title").asText()).isEqualTo("The file cannot be imported");
    }

    private HttpResponse<String> postCsv(String path, byte[] body, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(api(path))
                .header("Authorization", basic(user, password))
                .header("Content-Type", "text/csv")
                .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(api(path))
                .header("Authorization", basic(user, password))
                .header("Accept", "application/json")
                .GET().build(), BodyHandlers.ofString());
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/directory" + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
