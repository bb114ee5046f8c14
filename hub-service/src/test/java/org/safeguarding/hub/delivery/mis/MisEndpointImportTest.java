package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.delivery.TestSchools;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Registering schools' MIS endpoints: {@code POST /api/v1/directory/mis-endpoints} (ADMIN, URN,Url,Secret) with its
 * line-numbered rejections, a generated secret shown once, and the school page showing the endpoint but never its
 * secret.
 */
class MisEndpointImportTest extends MisTestBase {

    static final String ADMIN = "mis-admin";
    private final ObjectMapper json = new ObjectMapper();
    TestBrowser browser;

    @BeforeEach
    void admin() {
        TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class), ADMIN,
                Role.ADMIN);
        browser = new TestBrowser(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    HttpResponse<String> upload(String csv, String user) {
        return browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/directory/mis-endpoints"))
                .header("Content-Type", "text/csv")
                .header("Authorization", TestBrowser.basic(user, TestAccounts.password(user)))
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build());
    }

    static String secretOf(int bytes) {
        return "whsec_" + Base64.getEncoder().encodeToString(new byte[bytes]);
    }

    @Test
    void endpointsAreImportedWithLineNumberedRejectionsAndAGeneratedSecretShownOnce() throws Exception {
        TestSchools.importInto(context, "881", 8_810_001, 3);
        String given = MisReceiver.newSecret();
        String csv = String.join("\n",
                "URN,Url,Secret",
                "8810001,https://mis.school-one.example/hub/alerts," + given,
                "8810002,https://mis.school-two.example/hub,",
                "9999999,https://mis.nowhere.example/hub," + given,
                "8810003,not a url," + given,
                "8810003,http://mis.plain.example/hub," + given,
                "8810003,https://mis.three.example/hub," + secretOf(16),
                "8810003,https://mis.three.example/hub,whsec_%%%not-base64%%%",
                "8810003,https://mis.three.example/hub,c2VjcmV0LXdpdGhvdXQtdGhlLXByZWZpeC1hdC1hbGwx",
                "8810003,https://mis.three.example/hub," + secretOf(24),
                "");
        HttpResponse<String> response = upload(csv, ADMIN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json.readTree(response.body());
        assertThat(report.get("imported").asInt()).isEqualTo(3);
        assertThat(report.get("updated").asInt()).isZero();
        assertThat(report.get("unchanged").asInt()).isZero();
        JsonNode rejected = report.get("rejected");
        assertThat(rejected).hasSize(6);
        assertThat(rejected.get(0).get("line").asInt()).isEqualTo(4);
        assertThat(rejected.get(0).get("reason").asText()).contains("9999999", "not in the school directory");
        assertThat(rejected.get(1).get("line").asInt()).isEqualTo(5);
        assertThat(rejected.get(1).get("reason").asText()).contains("not a URL");
        assertThat(rejected.get(2).get("reason").asText()).contains("must be https");
        assertThat(rejected.get(3).get("reason").asText()).contains("too weak", "24 bytes");
        assertThat(rejected.get(4).get("reason").asText()).contains("malformed");
        assertThat(rejected.get(5).get("reason").asText()).contains("must start with whsec_");
        assertThat(rejected.get(5).get("line").asInt()).isEqualTo(9);
        assertThat(rejected.toString()).as("a secret is never echoed").doesNotContain(given);
        JsonNode generated = report.get("generatedSecrets");
        assertThat(generated).hasSize(1);
        assertThat(generated.get(0).get("urn").asLong()).isEqualTo(8_810_002);
        String secret = generated.get(0).get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        new Webhook(secret).sign("msg_1", 1, "{}"); // usable as a Standard Webhooks key

        // the same file again: nothing changes, and the generated secret is not shown again
        JsonNode again = json.readTree(upload(csv, ADMIN).body());
        assertThat(again.get("unchanged").asInt()).isEqualTo(3);
        assertThat(again.get("imported").asInt()).isZero();
        assertThat(again.get("generatedSecrets")).isEmpty();
        // a new URL for a school: updated, its secret kept
        JsonNode moved = json.readTree(upload("URN,Url,Secret\n8810002,https://mis.school-two.example/v2,\n", ADMIN)
                .body());
        assertThat(moved.get("updated").asInt()).isEqualTo(1);
        assertThat(moved.get("generatedSecrets")).isEmpty();
        assertThat(jdbc.sql("select secret from mis_endpoint where urn = 8810002").query(String.class).single())
                .isEqualTo(secret);

        // only an admin imports
        TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class),
                "mis-ops", Role.OPS);
        assertThat(upload(csv, "mis-ops").statusCode()).isEqualTo(403);

        // the school page shows the endpoint, enabled, but never its secret
        String page = browser.send(HttpRequest.newBuilder(browser.uri("/directory/schools/8810001"))
                .header("Authorization", TestBrowser.basic(ADMIN, TestAccounts.password(ADMIN))).GET().build()).body();
        assertThat(page).contains("https://mis.school-one.example/hub/alerts", "Enabled", "None yet")
                .doesNotContain(given);
        String without = browser.send(HttpRequest.newBuilder(browser.uri("/directory/schools/8810004"))
                .header("Authorization", TestBrowser.basic(ADMIN, TestAccounts.password(ADMIN))).GET().build()).body();
        assertThat(without).contains("No MIS endpoint is registered");
        assertThat(List.of(given, secret)).allSatisfy(s -> assertThat(auditDetails()).doesNotContain(s));
    }

    @Test
    void theImportPageTakesTheSameFileAndShowsAGeneratedSecretOnce() {
        TestSchools.importInto(context, "882", 8_820_001, 2);
        TestBrowser admin = new TestBrowser(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
                .signIn(ADMIN, TestAccounts.password(ADMIN));
        String form = admin.get("/directory/import").body();
        assertThat(form).contains("School MIS endpoints", "file-mis-endpoints");
        String csv = "URN,Url,Secret\n8820001,https://mis.page.example/hub,\n8820002,ftp://mis.page.example/hub,\n";
        String page = admin.postMultipart("/directory/import?kind=mis-endpoints", java.util.Map.of("_csrf",
                TestBrowser.csrfField(form)), "file", "mis.csv", csv).body();
        String secret = jdbc.sql("select secret from mis_endpoint where urn = 8820001").query(String.class).single();
        assertThat(page).contains("Import finished", "shown only this once", secret, "not an http(s) URL");
        assertThat(admin.postMultipart("/directory/import?kind=mis-endpoints", java.util.Map.of("_csrf",
                TestBrowser.csrfField(page)), "file", "mis.csv", csv).body()).contains("Import finished")
                .doesNotContain(secret);
    }

    @Test
    void aFileWithoutTheColumnsIsRefusedWhole() throws Exception {
        HttpResponse<String> response = upload("URN,Address\n8810001,https://x.example/\n", ADMIN);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("detail").asText()).contains("URN,Url,Secret");
    }

    private String auditDetails() {
        return String.join("\n", jdbc.sql("select coalesce(detail, '') from audit_event").query(String.class).list());
    }
}
