package org.safeguarding.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The audit trail on a real PostgreSQL (a local server the test starts, on 127.0.0.1 only), migrated by Flyway with
 * the postgresql V3: the database itself refuses UPDATE, DELETE and TRUNCATE, and INSERT works.
 */
@SpringBootTest
@ActiveProfiles("test")
@DirtiesContext
class AuditPostgresTest implements OnRealPostgres {

    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcClient jdbc;

    long id;

    @BeforeEach
    void oneRow() {
        audit.record("pg-admin", "ADMIN", AuditAction.ACCOUNT_CREATED, AuditEvent.ACCOUNT, "pg-new", "role RAISER");
        id = jdbc.sql("select max(id) from audit_event").query(Long.class).single();
    }

    @Test
    void runsOnPostgresqlWithTheAppendOnlyTriggers() {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL ");
        assertThat(jdbc.sql("select tgname from pg_trigger where tgrelid = 'audit_event'::regclass and not tgisinternal")
                .query(String.class).list())
                .containsExactlyInAnyOrder("audit_event_no_update_or_delete", "audit_event_no_truncate");
    }

    @Test
    void insertWorks() {
        int before = rows();
        jdbc.sql("""
                insert into audit_event (occurred_at, actor, actor_role, action, subject_type, subject_id, detail)
                values (:at, 'pg-ops', 'OPS', 'SIGNED_IN', 'ACCOUNT', 'pg-ops', null)""")
                .param("at", OffsetDateTime.now()).update();
        audit.record("pg-ops", "OPS", AuditAction.SIGN_IN_FAILED, AuditEvent.ACCOUNT, "pg-ops", "BadCredentialsException");

        assertThat(rows()).isEqualTo(before + 2);
        AuditEvent newest = audit.find(AuditEvent.ACCOUNT, "pg-ops", 1).get(0);
        assertThat(newest.action()).isEqualTo(AuditAction.SIGN_IN_FAILED);
        assertThat(newest.detail()).isEqualTo("BadCredentialsException");
    }

    @Test
    void updateIsRefused() {
        assertRefused("update audit_event set detail = 'rewritten' where id = " + id, "UPDATE");
        assertRefused("update audit_event set actor = 'someone else'", "UPDATE");
        assertThat(jdbc.sql("select detail from audit_event where id = :id").param("id", id).query(String.class).single())
                .isEqualTo("role RAISER");
    }

    @Test
    void theRetentionRedactionIsTheOneUpdateAllowed() {
        audit.record("Typed Name", null, AuditAction.ALERT_ACKNOWLEDGED, AuditEvent.ALERT, 42, "Typed Name, DSL");
        long ack = jdbc.sql("select max(id) from audit_event").query(Long.class).single();
        assertRefused("update audit_event set actor = 'school', detail = 'Personal data removed' where id = " + id,
                "UPDATE");
        assertRefused("update audit_event set detail = 'rewritten', client_address = null where id = " + ack, "UPDATE");
        assertRefused("update audit_event set action = 'ALERT_APPROVED', client_address = null where id = " + ack,
                "UPDATE");

        jdbc.sql("update audit_event set actor = 'school', detail = 'Personal data removed under retention',"
                + " client_address = null where id = " + ack).update();
        jdbc.sql("update audit_event set client_address = null where id = " + id).update();
        assertThat(jdbc.sql("select actor || '|' || detail from audit_event where id = :id").param("id", ack)
                .query(String.class).single()).isEqualTo("school|Personal data removed under retention");
    }

    @Test
    void deleteIsRefused() {
        int before = rows();
        assertRefused("delete from audit_event where id = " + id, "DELETE");
        assertRefused("delete from audit_event", "DELETE");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void truncateIsRefused() {
        int before = rows();
        assertRefused("truncate audit_event", "TRUNCATE");
        assertRefused("truncate table audit_event restart identity cascade", "TRUNCATE");
        assertThat(rows()).isEqualTo(before);
    }

    private void assertRefused(String sql, String operation) {
        assertThatThrownBy(() -> jdbc.sql(sql).update()).as(sql).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("audit_event is append-only: " + operation + " refused");
    }

    private int rows() {
        return jdbc.sql("select count(*) from audit_event").query(Integer.class).single();
    }
}
