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

    private static final String COLUMNS = "username, password_hash, display_name, organisation, role, enabled, email, mobile";

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

    /** A new role ends every session of the account: its sessions hold the old role's authorities. */
    public void setRole(String username, Role role) {
        jdbc.sql("update account set role = :role, sessions_version = sessions_version + 1 where username = :username")
                .param("role", role.name()).param("username", username).update();
    }

    /** Where approval notices reach the account; null {@code mobile} means none. */
    public void setContact(String username, String email, String mobile) {
        jdbc.sql("update account set email = :email, mobile = :mobile where username = :username")
                .param("email", email).param("mobile", mobile).param("username", username).update();
    }

    /**
     * Locks every enabled ADMIN row until the transaction ends and counts them: two ADMINs demoting each other at
     * once take turns, so the last one always stays.
     */
    public int lockEnabledAdmins() {
        return jdbc.sql("select username from account where role = 'ADMIN' and enabled = true for update")
                .query(String.class).list().size();
    }

    /** Enabled accounts of a role, e.g. the approvers to tell that an alert awaits them. */
    public List<Account> findEnabled(Role role) {
        return jdbc.sql("select " + COLUMNS + " from account where role = :role and enabled = true order by username")
                .param("role", role.name()).query(AccountRepository::account).list();
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
                rs.getString("organisation"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
                rs.getString("email"), rs.getString("mobile"));
    }

    public boolean exists(String username) {
        return jdbc.sql("select count(*) from account where username = :username")
                .param("username", username).query(Integer.class).single() > 0;
    }

    public void create(Account account) {
        jdbc.sql("""
                insert into account (username, password_hash, display_name, organisation, role, enabled, email, mobile,
                  created_at)
                values (:username, :hash, :displayName, :organisation, :role, :enabled, :email, :mobile, :now)""")
                .param("username", account.username())
                .param("hash", account.passwordHash())
                .param("displayName", account.displayName())
                .param("organisation", account.organisation())
                .param("role", account.role().name())
                .param("enabled", account.enabled())
                .param("email", account.email())
                .param("mobile", account.mobile())
                .param("now", OffsetDateTime.now(clock))
                .update();
    }
}
