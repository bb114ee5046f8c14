package org.safeguarding.hub.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The directory's SQL on a real PostgreSQL (a local server the test starts, listening on 127.0.0.1 only): Flyway
 * migrates it from empty, then the same imports and queries as on H2 run against it.
 */
@DirtiesContext
class DirectoryPostgresTest extends DirectoryQueryContract implements OnRealPostgres {

    @Test
    void runsOnPostgresqlWithEveryMigrationApplied() {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL ");
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where success = false")
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where version = '1'")
                .query(Integer.class).single()).isEqualTo(1);
    }
}
