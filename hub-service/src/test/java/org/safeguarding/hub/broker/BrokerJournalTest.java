package org.safeguarding.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.hub.AlertHubApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jms.core.JmsTemplate;

/**
 * The embedded default keeps its broker journal on disk: a message sent before a restart is there after it. Runs the
 * default profile (not "test", whose broker is in memory) with only the database and the data directory moved.
 */
class BrokerJournalTest {

    /** Under hub.# so it gets the hub's address settings; no route of the hub consumes it. */
    private static final String QUEUE = "hub.test.journal";

    @TempDir
    Path data;

    @Test
    void aPersistentMessageSurvivesARestartOfTheEmbeddedDefault() throws Exception {
        String body = "approved alert " + UUID.randomUUID();
        try (ConfigurableApplicationContext before = start()) {
            assertThat(before.getEnvironment().getProperty("spring.artemis.embedded.persistent"))
                    .as("application.properties of the embedded default").isEqualTo("true");
            before.getBean(JmsTemplate.class).convertAndSend(QUEUE, body);
        }
        assertThat(data.resolve("journal")).isDirectoryContaining(file -> file.getFileName().toString().endsWith(".amq"));

        try (ConfigurableApplicationContext after = start()) {
            assertThat(receive(after)).isEqualTo(body);
        }
    }

    @Test
    void withoutTheJournalTheSameMessageIsLost() throws Exception {
        String body = "approved alert " + UUID.randomUUID();
        try (ConfigurableApplicationContext before = start("--spring.artemis.embedded.persistent=false")) {
            before.getBean(JmsTemplate.class).convertAndSend(QUEUE, body);
        }
        try (ConfigurableApplicationContext after = start("--spring.artemis.embedded.persistent=false")) {
            assertThat(receive(after)).as("what the persistence test would see without a journal").isNull();
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        String[] args = {
                "--spring.datasource.url=jdbc:h2:mem:journal-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--spring.artemis.embedded.data-directory=" + data,
                "--spring.artemis.embedded.server-id=" + Math.abs(UUID.randomUUID().hashCode() % 1_000_000_000),
                "--hub.demo.enabled=false",
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--spring.jmx.unique-names=true",
                "--camel.main.jmx-management-name-pattern=#name#-#counter#",
                "--logging.level.org.apache.activemq.audit=WARN"};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return new SpringApplicationBuilder(AlertHubApplication.class).run(all);
    }

    private static String receive(ConfigurableApplicationContext context) throws Exception {
        JmsTemplate receiver = new JmsTemplate(context.getBean(ConnectionFactory.class));
        receiver.setReceiveTimeout(3_000);
        Message message = receiver.receive(QUEUE);
        return message == null ? null : ((TextMessage) message).getText();
    }
}
