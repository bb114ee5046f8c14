package org.safeguarding.hub.system;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Which database the hub runs on, for the few statements that must differ: PostgreSQL in production, H2 for the
 * embedded default (PostgreSQL mode, which still lacks some of PostgreSQL's row locks).
 */
public final class Databases {

    private Databases() {
    }

    public static boolean isPostgresql(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not ask the database which it is: " + e.getMessage(), e);
        }
    }
}
