package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Which databases the hub refuses before migrating, and what it says; and that Flyway asks before migrating. */
@SpringBootTest
@ActiveProfiles("test")
class DatabaseVersionCheckTest {

    @Autowired
    Flyway flyway;

    @Test
    void flywayRunsTheCheckBeforeItMigrates() {
        assertThat(flyway.getConfiguration().getCallbacks()).hasAtLeastOneElementOfType(DatabaseVersionCheck.class);
    }

    @Test
    void aPostgreSqlOlderThan15IsRefusedNamingBothVersions() {
        assertThat(DatabaseVersionCheck.refusal("PostgreSQL", 14, "14.12"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("PostgreSQL 15 or later", "14.12"));
    }

    @Test
    void postgreSql15AndLaterAndH2AreAccepted() {
        assertThat(DatabaseVersionCheck.refusal("PostgreSQL", 15, "15.0")).isEmpty();
        assertThat(DatabaseVersionCheck.refusal("PostgreSQL", 16, "16.4")).isEmpty();
        assertThat(DatabaseVersionCheck.refusal("H2", 2, "2.3.232")).isEmpty();
    }
}
