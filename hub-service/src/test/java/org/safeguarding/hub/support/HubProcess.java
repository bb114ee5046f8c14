package org.safeguarding.hub.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.safeguarding.hub.AlertHubApplication;

/**
 * The hub as its users run it: a JVM of its own started with the README's embedded default (application.properties
 * as shipped, working directory {@code home}, so its H2 file and broker journal are under {@code home/data}), that a
 * test can kill -9. A crash test on a Camel context stopped in the same JVM proves less: a real kill takes the
 * database's and the broker's unwritten buffers with it.
 */
public final class HubProcess implements AutoCloseable {

    private static final Duration START_PATIENCE = Duration.ofMinutes(3);

    private final Path home;
    private final int port;
    private final Path log;
    private final Process process;

    private HubProcess(Path home, int port, Process process, Path log) {
        this.home = home;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the hub in {@code home} on a free port with {@code settings} ({@code key=value}, as command-line
     * arguments) and waits until it answers a signed-in request as {@code readyUser}.
     */
    public static HubProcess start(Path home, String readyUser, String readyPassword, String... settings) {
        int port = FreePort.any();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                AlertHubApplication.class.getName(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--hub.public-base-url=http://127.0.0.1:" + port));
        for (String setting : settings) {
            command.add("--" + setting);
        }
        try {
            Files.createDirectories(home);
            Path log = Files.createTempFile(home, "hub-", ".log");
            Process process = new ProcessBuilder(command).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HubProcess hub = new HubProcess(home, port, process, log);
            try {
                hub.awaitSignedIn(readyUser, readyPassword);
            } catch (RuntimeException | Error e) {
                hub.close();
                throw new AssertionError("the hub did not come up on port " + port + ":\n" + hub.log(), e);
            }
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public Path home() {
        return home;
    }

    /** kill -9: no shutdown hook, no flush, no goodbye to the broker. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the hub process outlived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the process printed, for a failing test's message. */
    public String log() {
        try {
            String text = Files.readString(log);
            return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitSignedIn(String user, String password) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).build();
        await().atMost(START_PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> !process.isAlive() || answers(http, probe));
        if (!process.isAlive()) {
            throw new AssertionError("the hub process exited (" + process.exitValue() + "):\n" + log());
        }
    }

    private static boolean answers(HttpClient http, HttpRequest probe) {
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
