package org.safeguarding.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.safeguarding.hub.support.FreePort;

/**
 * A standalone Artemis broker as production runs it: the distribution from Maven Central (unpacked by the build into
 * target/artemis-dist), an instance made by its own {@code artemis create}, the project's docker/artemis/broker.xml,
 * and {@code artemis run} in a child process. The only change to broker.xml is the one a test must make: the
 * acceptor listens on 127.0.0.1 on a free port instead of 0.0.0.0:61616.
 */
final class StandaloneArtemis implements AutoCloseable {

    static final String USER = "hub";
    /** The acceptor line of docker/artemis/broker.xml, replaced (exactly once) by the test's. */
    static final String PRODUCTION_ACCEPTOR = "tcp://0.0.0.0:61616?";

    private final Path home;
    private final Path instance;
    private final Path log;
    private final String password = UUID.randomUUID().toString();
    private final int port;
    private Process process;

    private StandaloneArtemis(Path home, Path work) {
        this.home = home;
        this.instance = work.resolve("instance");
        this.log = work.resolve("artemis.log");
        this.port = FreePort.any();
    }

    /** Creates the instance with the project's broker.xml and starts it; returns once its acceptor takes connections. */
    static StandaloneArtemis start() throws IOException {
        Path home = Path.of(System.getProperty("hub.test.artemis-home", "target/artemis-dist/apache-artemis-2.44.0"))
                .toAbsolutePath();
        assertThat(home.resolve("bin/artemis"))
                .as("the Artemis distribution; `./mvnw -pl hub-service -am generate-test-resources` unpacks it")
                .isExecutable();
        Path work = Path.of("target", "standalone-artemis").toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        StandaloneArtemis broker = new StandaloneArtemis(home, work);
        broker.create();
        broker.useProjectBrokerXml(Path.of(System.getProperty("hub.test.broker-xml", "../docker/artemis/broker.xml")));
        broker.run();
        return broker;
    }

    private void create() throws IOException {
        // the flags checked against `artemis help create` of 2.44.0; --no-autotune because broker.xml is replaced
        Path createLog = log.resolveSibling("artemis-create.log");
        int exit = waitFor(java(home.resolve("bin/artemis").toString(), "create", instance.toString(),
                "--user", USER, "--password", password, "--require-login",
                "--host", "127.0.0.1", "--http-host", "127.0.0.1",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--no-web", "--no-autotune", "--java-memory", "512M", "--silent")
                .redirectOutput(createLog.toFile()).start(), Duration.ofMinutes(2));
        assertThat(exit).as("artemis create, see " + createLog).isZero();
        assertThat(instance.resolve("etc/broker.xml")).exists();
    }

    private void useProjectBrokerXml(Path projectBrokerXml) throws IOException {
        String xml = Files.readString(projectBrokerXml, StandardCharsets.UTF_8);
        assertThat(xml.split(java.util.regex.Pattern.quote(PRODUCTION_ACCEPTOR), -1))
                .as("docker/artemis/broker.xml has exactly one acceptor on " + PRODUCTION_ACCEPTOR).hasSize(2);
        Files.writeString(instance.resolve("etc/broker.xml"),
                xml.replace(PRODUCTION_ACCEPTOR, "tcp://127.0.0.1:" + port + "?"), StandardCharsets.UTF_8);
    }

    private void run() throws IOException {
        process = java(instance.resolve("bin/artemis").toString(), "run")
                .redirectOutput(log.toFile()).start();
        await("the standalone broker's acceptor on 127.0.0.1:" + port).atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("artemis run exited with " + process.exitValue() + ":\n" + log());
                    }
                    return accepts(port) && log().contains("AMQ221007"); // AMQ221007: Server is now active
                });
    }

    /** The running JVM's own Java, for the broker as for its CLI; standard error joins the log. */
    private ProcessBuilder java(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_ARGS");
        return builder;
    }

    String brokerUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String password() {
        return password;
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log lines with this Artemis message code, e.g. AMQ221020 (an acceptor started). */
    List<String> logLines(String code) {
        List<String> lines = new ArrayList<>();
        log().lines().filter(line -> line.contains(code)).forEach(lines::add);
        return lines;
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** kill -9 of the broker: no clean shutdown, its journal as the disk has it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the broker outlived SIGKILL").isTrue();
    }

    /** Starts the same instance again, on its journal and port; returns once it is active. */
    void restart() throws IOException {
        run();
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        // bin/artemis execs java: SIGTERM reaches the broker, whose shutdown hook stops it cleanly
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int waitFor(Process process, Duration limit) {
        try {
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + limit);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
