package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The alerts list's SQL on a real PostgreSQL. */
@SpringBootTest
@ActiveProfiles("test")
@DirtiesContext
class AlertListPostgresTest extends AlertListContract implements OnRealPostgres {

    @Test
    void runsOnPostgresql() {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL ");
    }
}
