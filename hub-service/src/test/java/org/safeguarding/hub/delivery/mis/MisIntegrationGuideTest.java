package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/mis-integration.md says what vendors paste: its example payload must pass the schema, and its shell lines must
 * produce the signature the Standard Webhooks library does (run with bash and openssl, as a vendor would).
 */
class MisIntegrationGuideTest {

    static final Path GUIDE = Path.of("..", "docs", "mis-integration.md");
    static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    record Block(String language, String text) {
    }

    static List<Block> blocks() throws Exception {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(GUIDE));
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    @Test
    void theExamplePayloadPassesTheSchema() throws Exception {
        Block example = blocks().stream().filter(b -> b.language().equals("json") && b.text().contains("alert.issued"))
                .findFirst().orElseThrow();
        MisWebhookSchema.assertValid(example.text());
        assertThat(MisWebhookSchema.accepts(example.text().replace("\"SEVERE\"", "\"URGENT\""))).isFalse();
    }

    @Test
    void theShellLinesSignAsTheLibraryDoes() throws Exception {
        Block lines = blocks().stream().filter(b -> b.language().equals("sh") && b.text().contains("# SECRET"))
                .findFirst().orElseThrow();
        String secret = MisReceiver.newSecret();
        String id = "msg_WEX-2026-0007_1041";
        long timestamp = 1_796_385_600L;
        String body = "{\"type\":\"alert.issued\",\"data\":{\"title\":\"Pupils' \\\"chat\\\" – café\",\"urn\":100001}}";
        String expected = new Webhook(secret).sign(id, timestamp, body);
        assertThat(run(lines.text(), Map.of("SECRET", secret, "WEBHOOK_ID", id,
                "WEBHOOK_TIMESTAMP", Long.toString(timestamp), "BODY", body))).isEqualTo(expected);
        // and the worked example's figure is the library's
        assertThat(Files.readString(GUIDE)).contains(new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign(
                "msg_WEX-2026-0007_1041", 1_796_385_600L,
                "{\"type\":\"alert.issued\",\"timestamp\":\"2026-12-01T09:00:00Z\",\"data\":{\"reference\":\"WEX-2026-0007\"}}"));
    }

    @Test
    void theCurlExampleSignsItsBodyAsTheLibraryDoes() throws Exception {
        Block curl = blocks().stream().filter(b -> b.language().equals("sh") && b.text().contains("curl "))
                .findFirst().orElseThrow();
        // everything but the curl call itself, then print what it would send
        String signing = curl.text().substring(0, curl.text().indexOf("curl "))
                + "printf '%s\\n%s\\n%s\\n%s' \"$WEBHOOK_ID\" \"$WEBHOOK_TIMESTAMP\" \"$SIGNATURE\" \"$BODY\"\n";
        String[] sent = run(signing, Map.of()).split("\n", 4);
        assertThat(sent[2]).isEqualTo(new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .sign(sent[0], Long.parseLong(sent[1]), sent[3]));
        assertThat(sent[0]).startsWith("ack_");
    }

    private static String run(String script, Map<String, String> env) throws Exception {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", "set -eu\n" + script).redirectErrorStream(true);
        bash.environment().putAll(env);
        Process process = bash.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
