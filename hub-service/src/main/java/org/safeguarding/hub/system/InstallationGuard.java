package org.safeguarding.hub.system;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Remembers in the database whether it serves a demo or a production hub, and refuses to start when the two would
 * mix: demo accounts (with published passwords) must never come up against a production database, and a database
 * that once held demo accounts is not one to run production on. Runs at start-up, before any request is served.
 */
@Component
public class InstallationGuard implements InitializingBean {

    public enum Mode { DEMO, PRODUCTION }

    private final JdbcClient jdbc;
    private final Environment environment;
    private final HubProperties hub;
    private final Clock clock;

    InstallationGuard(JdbcClient jdbc, Environment environment, HubProperties hub, Clock clock) {
        this.jdbc = jdbc;
        this.environment = environment;
        this.hub = hub;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        boolean production = Arrays.asList(environment.getActiveProfiles()).contains(ProductionSettingsCheck.PROFILE);
        if (production) {
            claim(Mode.PRODUCTION);
        } else if (hub.demo().enabled()) {
            claim(Mode.DEMO);
        }
    }

    private void claim(Mode wanted) {
        Optional<Mode> recorded = jdbc.sql("select mode from hub_installation where id = 1")
                .query((rs, n) -> Mode.valueOf(rs.getString("mode"))).optional();
        if (recorded.isEmpty()) {
            jdbc.sql("insert into hub_installation (id, mode, marked_at) values (1, :mode, :now)")
                    .param("mode", wanted.name()).param("now", OffsetDateTime.now(clock)).update();
            return;
        }
        if (recorded.get() != wanted) {
            throw new IllegalStateException(recorded.get() == Mode.PRODUCTION
                    ? "This database belongs to a production hub: refusing to load demo accounts and data into it."
                            + " Start with the prod profile, or point the demo at its own database."
                    : "This database was set up for the demo and holds demo accounts with published passwords:"
                            + " refusing to run the prod profile on it. Give production a fresh database.");
        }
    }
}
