package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V8 gives alerts from before four eyes by content their authors from what was known: who raised each and who last
 * changed it. An alert raised by the officer and last changed by a chair must not be approvable by that chair after
 * the upgrade.
 */
class AlertAuthorsMigrationTest {

    @Test
    void alertsFromBeforeGetTheirRaiserAndLastEditorAsAuthors() {
        DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:authors-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        FluentConfiguration flyway = Flyway.configure().dataSource(db)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2");
        flyway.target("7").load().migrate();
        JdbcClient jdbc = JdbcClient.create(db);
        for (String user : List.of("officer", "chair")) {
            jdbc.sql("""
                    insert into account (username, password_hash, display_name, organisation, role, created_at)
                    values (:u, 'x', :u, 'Partnership', 'RAISER', current_timestamp)""").param("u", user).update();
        }
        insertAlert(jdbc, "OLD-1", "officer", "chair");
        insertAlert(jdbc, "OLD-2", "officer", "officer");

        flyway.target("latest").load().migrate();

        assertThat(authors(jdbc, "OLD-1")).containsExactly("chair CHANGED", "officer RAISED");
        assertThat(authors(jdbc, "OLD-2")).containsExactly("officer RAISED");
    }

    private static void insertAlert(JdbcClient jdbc, String reference, String raisedBy, String lastEditedBy) {
        jdbc.sql("""
                insert into alert (reference, identifier, status, title, summary, advice_for_schools, severity,
                  category, channels, ack_deadline, expires, exercise, raised_by, raised_by_org, last_edited_by,
                  created_at, updated_at)
                values (:ref, :ref, 'AWAITING_APPROVAL', 't', 's', 'a', 'SEVERE', 'ONLINE_SAFETY', 'EMAIL',
                  current_timestamp, current_timestamp, false, :raisedBy, 'Partnership', :lastEditedBy,
                  current_timestamp, current_timestamp)""")
                .param("ref", reference).param("raisedBy", raisedBy).param("lastEditedBy", lastEditedBy).update();
    }

    private static List<String> authors(JdbcClient jdbc, String reference) {
        return jdbc.sql("""
                select w.username || ' ' || w.wrote from alert_author w join alert a on a.id = w.alert_id
                where a.reference = :ref order by w.username""").param("ref", reference).query(String.class).list();
    }
}
