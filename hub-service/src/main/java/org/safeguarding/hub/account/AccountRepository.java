package org.safeguarding.hub.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class AccountRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    AccountRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static final String COLUMNS = "username, password_hash, display_name, organisation, role, enabled";

    public Optional<Account> findByUsername(String username) {
        return jdbc.sql("select " + COLUMNS + " from account where username = :username")
                .param("username", username)
                .query(AccountRepository::account)
                .optional();
    }

    public List<Account> findAll() {
        return jdbc.sql("select " + COLUMNS + " from account order by role, username").query(AccountRepository::account).list();
    }

    public int countEnabled(Role role) {
        return jdbc.sql("select count(*) from account where role = :role and enabled = true")
                .param("role", role.name()).query(Integer.class).single();
    }

    /** Disabling also ends every session of the account (see {@link #liveSessionsVersion}). */
    public void setEnabled(String username, boolean enabled) {
        jdbc.sql("update account set enabled = :enabled" + (enabled ? "" : ", sessions_version = sessions_version + 1")
                        + " where username = :username")
                .param("enabled", enabled).param("username", username).update();
    }

    /** A new password also ends every session of the account (see {@link #liveSessionsVersion}). */
    public void setPasswordHash(String username, String passwordHash) {
        jdbc.sql("update account set password_hash = :hash, sessions_version = sessions_version + 1 where username = :username")
                .param("hash", passwordHash).param("username", username).update();
    }

    /**
     * What a session of the account must have signed in with to still be signed in; empty when the account is disabled
     * or gone, so that no session of it is.
     */
    public Optional<Integer> liveSessionsVersion(String username) {
        return jdbc.sql("select sessions_version from account where username = :username and enabled = true")
                .param("username", username).query(Integer.class).optional();
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getString("username"), rs.getString("password_hash"), rs.getString("display_name"),
                rs.getString("organisation"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"));
    }

    public boolean exists(String username) {
        return jdbc.sql("select count(*) from account where username = :username")
                .param("username", username).query(Integer.class).single() > 0;
    }

    public void create(Account account) {
        jdbc.sql("""
                insert into account (username, password_hash, display_name, organisation, role, enabled, created_at)
                values (:username, :hash, :displayName, :organisation, :role, :enabled, :now)""")
                .param("username", account.username())
                .param("hash", account.passwordHash())
                .param("displayName", account.displayName())
                .param("organisation", account.organisation())
                .param("role", account.role().name())
                .param("enabled", account.enabled())
                .param("now", OffsetDateTime.now(clock))
                .update();
    }
}
