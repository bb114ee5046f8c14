package org.safeguarding.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Where the hub sends email (spring.mail.port, which the email route and its SMTP connections read) with the hub's
 * own application.properties, as the README's command line sets it: the demo sink's port unless spring.mail.port is
 * given itself. Only the configuration is loaded: no hub is started.
 */
class DemoSmtpPortTest {

    /** The prod profile with every setting it requires. */
    private static final String[] PROD = {"--spring.profiles.active=prod",
        "--spring.datasource.url=jdbc:postgresql://db.example:5432/hub", "--spring.datasource.username=hub",
        "--spring.datasource.password=x", "--spring.artemis.broker-url=tcp://broker.example:61616",
        "--spring.artemis.user=hub", "--spring.artemis.password=x", "--spring.mail.host=relay.example",
        "--hub.public-base-url=https://hub.example", "--hub.partnership-name=Example",
        "--hub.alerts.reference-prefix=EXA", "--hub.alerts.cap-sender=alerts@hub.example",
        "--hub.email.from=alerts@hub.example", "--hub.sms.enabled=false"};

    @Test
    void theHubSendsToTheDemoSinkWhereverItIsMoved() {
        assertThat(mailPort("--hub.demo.smtp-port=3026")).isEqualTo(3026);
        assertThat(mailPort()).isEqualTo(3025);
    }

    @Test
    void anExplicitSpringMailPortWins() {
        assertThat(mailPort("--hub.demo.smtp-port=3026", "--spring.mail.port=2525")).isEqualTo(2525);
    }

    @Test
    void productionSendsToTheSmtpPortNotTheDemoSinks() {
        assertThat(mailPort(PROD)).isEqualTo(25);
        String[] withPort = java.util.Arrays.copyOf(PROD, PROD.length + 1);
        withPort[PROD.length] = "--spring.mail.port=587";
        assertThat(mailPort(withPort)).isEqualTo(587);
    }

    private static int mailPort(String... args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NothingStarted.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run(args)) {
            int port = Binder.get(context.getEnvironment()).bind("spring.mail", MailProperties.class).get().getPort();
            // the email route's smtp endpoint reads the placeholder {{spring.mail.port}} from the same environment
            assertThat(context.getEnvironment().getProperty("spring.mail.port", Integer.class)).isEqualTo(port);
            return port;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NothingStarted {
    }
}
