package org.safeguarding.hub.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.support.RealPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The directory's SQL on a real PostgreSQL (a local server the test starts, listening on 127.0.0.1 only): Flyway
 * migrates it from empty, then the same imports and queries as on H2 run against it.
 */
@DirtiesContext
class DirectoryPostgresTest extends DirectoryQueryContract {

    private static final RealPostgres POSTGRES = new RealPostgres();

    @DynamicPropertySource
    static void postgresDataSource(DynamicPropertyRegistry registry) throws IOException {
        POSTGRES.start(registry);
    }

    @AfterAll
    static void stopPostgres(@Autowired DataSource dataSource) throws Exception {
        POSTGRES.stop(dataSource);
    }

    @Test
    void runsOnPostgresqlWithEveryMigrationApplied() {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL ");
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where success = false")
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where version = '1'")
                .query(Integer.class).single()).isEqualTo(1);
    }
}
