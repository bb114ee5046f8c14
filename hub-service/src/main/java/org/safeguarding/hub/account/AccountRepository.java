package org.safeguarding.hub.account;

import java.time.Clock;
import java.time.OffsetDateTime;
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

    public Optional<Account> findByUsername(String username) {
        return jdbc.sql("""
                select username, password_hash, display_name, organisation, role, enabled
                from account where username = :username""")
                .param("username", username)
                .query((rs, n) -> new Account(rs.getString("username"), rs.getString("password_hash"),
                        rs.getString("display_name"), rs.getString("organisation"), Role.valueOf(rs.getString("role")),
                        rs.getBoolean("enabled")))
                .optional();
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
