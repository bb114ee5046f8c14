package org.safeguarding.hub.support;

import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring test class that implements this runs on a real PostgreSQL ({@link RealPostgres}): the server starts as the
 * class's context is built, with the hub's datasource pointed at it, and stops after the class's last test. The class
 * dirties its context ({@code @DirtiesContext}): test classes run one at a time, each on a server of its own.
 */
public interface OnRealPostgres {

    /** The server of the test class that is running. */
    RealPostgres POSTGRES = new RealPostgres();

    @DynamicPropertySource
    static void postgresDataSource(DynamicPropertyRegistry registry) throws IOException {
        POSTGRES.start(registry);
    }

    @AfterAll
    static void stopPostgres(@Autowired DataSource hubDataSource) throws Exception {
        POSTGRES.stop(hubDataSource);
    }
}
