package org.safeguarding.hub.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.safeguarding.hub.AlertHubApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Hub instances sharing one real PostgreSQL on 127.0.0.1, as production replicas share theirs: each a Spring context
 * of its own (test profile, a port of its own), for what the instances must hold together (a shared cap, shared
 * limits). A test class registers it ({@code @RegisterExtension static final HubsOnOnePostgres HUBS = ...}) and
 * starts its instances in its {@code @BeforeAll}: PostgreSQL starts before that, and after the class's last test the
 * instances stop, last started first, then PostgreSQL.
 */
public final class HubsOnOnePostgres implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    /** Starts one more instance with {@code settings} ({@code --key=value}) on the shared database. */
    public ConfigurableApplicationContext start(List<String> settings) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--server.address=127.0.0.1", "--server.port=0"));
        args.addAll(settings);
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(AlertHubApplication.class)
                .profiles("test").run(args.toArray(String[]::new));
        instances.add(instance);
        return instance;
    }

    /** Closes each instance's pool after it, so PostgreSQL does not log the connections it would otherwise cut. */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int i = instances.size() - 1; i >= 0; i--) {
            DataSource pool = instances.get(i).getBean(DataSource.class);
            instances.get(i).close();
            if (pool instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        instances.clear();
        if (postgres != null) {
            postgres.close();
        }
    }
}
