package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.support.FreePort;
import org.safeguarding.hub.support.TestHubProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * A database remembers whether it serves a demo or a production hub, and the hub refuses to mix them: demo accounts
 * (published passwords) never come up on a production database, and production never runs on a demo database.
 * Each test uses its own H2 file database, shared by the start-ups in it, as two real installations would.
 */
class InstallationGuardTest {

    private static final String PASSWORD = "db-secret";

    @TempDir
    Path dir;

    @Test
    void aDemoDatabaseIsMarkedDemoAndProductionRefusesIt() throws Exception {
        try (ConfigurableApplicationContext demo = start("test", "--hub.demo.enabled=true")) {
            assertThat(demo.isActive()).isTrue();
        }
        assertThat(marker()).hasValue("DEMO");
        assertThat(jdbc().sql("select password_hash from account where username = 'officer'").query(String.class)
                .single()).as("the demo accounts were loaded").startsWith("{bcrypt}");

        // prod with every setting it needs, on the demo's database (start() adds it); the broker address leads
        // nowhere, and the guard stops the start-up before anything would connect to it
        Map<String, String> prod = ProductionProfileTest.allRequired();
        prod.keySet().removeIf(key -> key.startsWith("spring.datasource."));
        List<String> args = new ArrayList<>();
        prod.forEach((key, value) -> args.add("--" + key + "=" + value));
        Throwable refused = startExpectingRefusal("prod", args.toArray(String[]::new));

        assertThat(refused).rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds demo accounts with published passwords")
                .hasMessageContaining("refusing to run the prod profile");
        assertThat(marker()).hasValue("DEMO");
    }

    @Test
    void aProductionDatabaseIsMarkedProductionAndTheDemoRefusesIt() throws Exception {
        Flyway.configure().dataSource(url(), "sa", PASSWORD).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        InstallationGuard production = guard("prod");
        production.afterPropertiesSet();
        assertThat(marker()).hasValue("PRODUCTION");
        production.afterPropertiesSet();
        assertThat(marker()).as("a production restart is welcome").hasValue("PRODUCTION");

        Throwable refused = startExpectingRefusal("test", "--hub.demo.enabled=true");

        assertThat(refused).rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to a production hub")
                .hasMessageContaining("refusing to load demo accounts");
        assertThat(marker()).hasValue("PRODUCTION");
        assertThat(jdbc().sql("select count(*) from account").query(Integer.class).single())
                .as("no demo account reached the production database").isZero();
    }

    @Test
    void aHubWithoutDemoAndWithoutProdClaimsNothing() throws Exception {
        Flyway.configure().dataSource(url(), "sa", PASSWORD).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        guard("test").afterPropertiesSet();
        assertThat(marker()).isEmpty();
    }

    /** Starts the hub on this test's database; {@code extra} must not repeat these settings (values would join). */
    private ConfigurableApplicationContext start(String profile, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + url(),
                "--spring.datasource.username=sa",
                "--spring.datasource.password=" + PASSWORD,
                "--server.address=127.0.0.1",
                "--server.port=0",
                // the demo's SMTP sink on a free port, not the default 3025 a running hub may hold
                "--hub.demo.smtp-port=" + FreePort.any(),
                "--spring.jmx.unique-names=true",
                "--camel.main.jmx-management-name-pattern=#name#-#counter#"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(AlertHubApplication.class).profiles(profile).run(args.toArray(String[]::new));
    }

    private Throwable startExpectingRefusal(String profile, String... args) {
        Throwable failure = catchThrowable(() -> start(profile, args).close());
        assertThat(failure).as("the %s start-up must be refused", profile).isNotNull();
        return failure;
    }

    private InstallationGuard guard(String profile) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profile);
        HubProperties hub = TestHubProperties.with("partnership-name", "Test partnership");
        return new InstallationGuard(jdbc(), environment, hub, Clock.systemUTC());
    }

    private Optional<String> marker() {
        return jdbc().sql("select mode from hub_installation where id = 1").query(String.class).optional();
    }

    private JdbcClient jdbc() {
        return JdbcClient.create(new DriverManagerDataSource(url(), "sa", PASSWORD));
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("hub") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }
}
