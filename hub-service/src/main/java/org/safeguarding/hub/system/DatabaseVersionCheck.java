package org.safeguarding.hub.system;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.stereotype.Component;

/**
 * Refuses, before any migration runs, a PostgreSQL older than the hub needs, saying so: the delivery ledger's unique
 * key uses NULLS NOT DISTINCT (PostgreSQL 15), and an older server would otherwise stop the hub half-way through its
 * migrations with a bare syntax error. Spring Boot hands every Flyway {@link Callback} bean to Flyway.
 */
@Component
class DatabaseVersionCheck implements Callback {

    static final int OLDEST_POSTGRESQL = 15;

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            DatabaseMetaData database = context.getConnection().getMetaData();
            refusal(database.getDatabaseProductName(), database.getDatabaseMajorVersion(),
                    database.getDatabaseProductVersion()).ifPresent(reason -> {
                        throw new FlywayException(reason);
                    });
        } catch (SQLException e) {
            throw new FlywayException("Could not read the database's version: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "database version check";
    }

    static Optional<String> refusal(String product, int majorVersion, String version) {
        if ("PostgreSQL".equals(product) && majorVersion < OLDEST_POSTGRESQL) {
            return Optional.of("The hub needs PostgreSQL " + OLDEST_POSTGRESQL + " or later; this server is "
                    + product + " " + version + ". Upgrade it (docker-compose.yml runs 16) before starting the hub.");
        }
        return Optional.empty();
    }
}
