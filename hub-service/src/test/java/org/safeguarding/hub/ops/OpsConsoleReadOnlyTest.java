package org.safeguarding.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.basic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * OPS watches through Jolokia (Hawtio's bridge) and the Camel developer console, and can act through neither: exec and
 * write are refused and nothing happens, reads work, other sites get no CORS answer, and the dev consoles show no JVM
 * settings, environment or stack traces. Real HTTP, as Hawtio (session + XSRF header) and as a script (Basic).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
class OpsConsoleReadOnlyTest {

    private static final String OPS = "console-ops";
    private static final String ROUTE = "outbox-relay";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    CamelContext camel;

    TestBrowser hawtio;

    @BeforeEach
    void opsSignedInAsHawtioIs() {
        TestAccounts.ensure(accounts, passwords, OPS, Role.OPS);
        hawtio = new TestBrowser(port).signIn(OPS, TestAccounts.password(OPS));
        // signing in replaces the CSRF token; Hawtio's page sets the new XSRF-TOKEN cookie it sends back as a header
        assertThat(hawtio.get("/actuator/hawtio/").statusCode()).isEqualTo(200);
    }

    @Test
    void execOfCamelSendBodyIsRefusedAndWritesNoFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("written-by-ops.txt");
        JsonNode answer = jolokia(Map.of("type", "exec", "mbean", camelContextMBean(),
                "operation", "sendBody(java.lang.String,java.lang.Object)",
                "arguments", List.of("file:" + dir + "?fileName=" + file.getFileName(), "from ops")));
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(403);
        assertThat(file).doesNotExist();
    }

    @Test
    void execStoppingARouteIsRefusedOverPostAndGetAndTheRouteRuns() throws Exception {
        JsonNode post = jolokia(Map.of("type", "exec", "mbean", routeMBean(), "operation", "stop()"));
        assertThat(post.path("status").asInt()).as(post.toString()).isEqualTo(403);
        HttpResponse<String> get = script("/actuator/jolokia/exec/" + inPath(routeMBean()) + "/stop()");
        assertThat(JSON.readTree(get.body()).path("status").asInt()).as(get.body()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void writeOfAnAttributeIsRefusedAndNothingChanges() throws Exception {
        JsonNode answer = jolokia(Map.of("type", "write", "mbean", "java.lang:type=Memory", "attribute", "Verbose",
                "value", true));
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(403);
        assertThat(ManagementFactory.getMemoryMXBean().isVerbose()).isFalse();
    }

    @Test
    void heapDumpIsRefusedAndNoFileIsWritten(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("hub.hprof");
        JsonNode answer = jolokia(Map.of("type", "exec", "mbean", "com.sun.management:type=HotSpotDiagnostic",
                "operation", "dumpHeap(java.lang.String,boolean)", "arguments", List.of(dump.toString(), true)));
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(403);
        assertThat(dump).doesNotExist();
    }

    @Test
    void readListAndSearchStillShowRoutesAndBrokerQueues() throws Exception {
        JsonNode exchanges = jolokia(Map.of("type", "read", "mbean", routeMBean(), "attribute", "ExchangesTotal"));
        assertThat(exchanges.path("status").asInt()).as(exchanges.toString()).isEqualTo(200);
        assertThat(exchanges.path("value").isNumber()).as(exchanges.toString()).isTrue();

        JsonNode queues = jolokia(Map.of("type", "search", "mbean", "org.apache.activemq.artemis:*,subcomponent=queues"));
        assertThat(queues.path("status").asInt()).as(queues.toString()).isEqualTo(200);
        assertThat(queues.path("value").toString()).contains("hub.deliveries.email");

        JsonNode list = jolokia(Map.of("type", "list", "path", "org.apache.camel"));
        assertThat(list.path("status").asInt()).as(list.toString()).isEqualTo(200);

        HttpResponse<String> scripted = script("/actuator/jolokia/read/" + inPath(routeMBean()) + "/ExchangesTotal");
        assertThat(JSON.readTree(scripted.body()).path("status").asInt()).as(scripted.body()).isEqualTo(200);
    }

    @Test
    void theJvmsCommandLineAndSystemPropertiesAreNotReadable() throws Exception {
        for (String attribute : List.of("SystemProperties", "InputArguments")) {
            JsonNode answer = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", attribute));
            assertThat(answer.path("status").asInt()).as(attribute + " " + answer).isEqualTo(403);
        }
    }

    @Test
    void anotherSiteGetsNoCorsAnswerAndIsRefused() throws Exception {
        String read = JSON.writeValueAsString(Map.of("type", "read", "mbean", "java.lang:type=Memory"));
        HttpResponse<String> crossSite = hawtio.send(jolokiaPost(read).header("Origin", "https://evil.example").build());
        assertThat(crossSite.headers().allValues("Access-Control-Allow-Origin")).isEmpty();
        assertThat(crossSite.body()).doesNotContain("HeapMemoryUsage").doesNotContain("\"used\"");

        HttpResponse<String> preflight = hawtio.send(HttpRequest.newBuilder(hawtio.uri("/actuator/jolokia"))
                .method("OPTIONS", BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").build());
        assertThat(preflight.headers().allValues("Access-Control-Allow-Origin")).isEmpty();

        // a page of another site loading a JSONP read with the ops person's cached credentials
        HttpResponse<String> jsonp = new TestBrowser(port).send(HttpRequest.newBuilder(
                        hawtio.uri("/actuator/jolokia/read/java.lang:type=Memory?callback=steal"))
                .header("Authorization", basic(OPS, TestAccounts.password(OPS)))
                .header("Sec-Fetch-Site", "cross-site").header("Referer", "https://evil.example/page").GET().build());
        assertThat(jsonp.body()).doesNotContain("HeapMemoryUsage");

        HttpResponse<String> sameOrigin = hawtio.send(jolokiaPost(read).header("Origin", "http://127.0.0.1:" + port)
                .header("Sec-Fetch-Site", "same-origin").build());
        assertThat(sameOrigin.body()).as("Hawtio's own requests").contains("HeapMemoryUsage");
    }

    @Test
    void devConsolesShowTheFlowButNotTheJvmItsSettingsOrStackTraces() throws Exception {
        for (String console : List.of("system-properties", "jvm", "thread", "properties", "java-security", "bean",
                "main-configuration", "trace", "send", "route-controller", "all")) {
            HttpResponse<String> response = script("/actuator/camel/" + console);
            assertThat(response.body()).as(console)
                    .doesNotContain("java.home", "user.dir", "inputArguments", "\"threads\"",
                            "stackTrace", "spring.datasource");
        }
        HttpResponse<String> routes = script("/actuator/camel/route");
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains(ROUTE);
        assertThat(camel.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class).stream())
                .isNotEmpty()
                .allSatisfy(console -> assertThat(console).isInstanceOf(OpsConsoleConfiguration.WithoutStackTraces.class)
                        .extracting(DevConsole::getId).isIn(OpsConsoleConfiguration.DEV_CONSOLES));
    }

    /** A route that failed to start or stop: the route console adds the exception's stack trace to its lastError. */
    @Test
    void aKeptConsoleLosesTheStackTracesItWouldShow() {
        DevConsole route = new AbstractDevConsole("camel", "route", "Route", "Route information") {
            @Override
            protected String doCallText(Map<String, Object> options) {
                return "";
            }

            @Override
            protected Map<String, Object> doCallJson(Map<String, Object> options) {
                JsonObject lastError = new JsonObject(Map.of("message", "Failed to start route",
                        "stackTrace", new JsonArray(List.of("java.lang.IllegalStateException: at org.apache.camel..."))));
                JsonObject one = new JsonObject(Map.of("routeId", ROUTE, "lastError", lastError));
                return new JsonObject(Map.of("routes", new JsonArray(List.of(one))));
            }
        };
        Object json = new OpsConsoleConfiguration.WithoutStackTraces(route).call(DevConsole.MediaType.JSON, Map.of());
        assertThat(json.toString()).contains("Failed to start route").doesNotContain("stackTrace", "at org.apache.camel");
    }

    private JsonNode jolokia(Map<String, ?> request) throws Exception {
        HttpResponse<String> response = hawtio.send(jolokiaPost(JSON.writeValueAsString(request)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** As Hawtio posts: the session cookie and the XSRF-TOKEN cookie's value as a header. */
    private HttpRequest.Builder jolokiaPost(String body) {
        return HttpRequest.newBuilder(hawtio.uri("/actuator/jolokia"))
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", hawtio.cookie("XSRF-TOKEN").orElseThrow())
                .POST(BodyPublishers.ofString(body));
    }

    /** As a script calls it: Basic credentials, no session. */
    private HttpResponse<String> script(String path) {
        return new TestBrowser(port).send(HttpRequest.newBuilder(hawtio.uri(path))
                .header("Authorization", basic(OPS, TestAccounts.password(OPS))).GET().build());
    }

    /** This context's own MBeans: other test contexts in the JVM register theirs on the same MBean server. */
    private String camelContextMBean() throws Exception {
        return camel.getManagementStrategy().getManagementObjectNameStrategy().getObjectNameForCamelContext(camel)
                .getCanonicalName();
    }

    private String routeMBean() throws Exception {
        return camel.getManagementStrategy().getManagementObjectNameStrategy()
                .getObjectNameForRoute(camel.getRoute(ROUTE)).getCanonicalName();
    }

    /** An MBean name in a Jolokia GET path. */
    private static String inPath(String mbean) {
        return mbean.replace("\"", "%22");
    }
}
