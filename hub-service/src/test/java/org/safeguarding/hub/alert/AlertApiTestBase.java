package org.safeguarding.hub.alert;

import org.junit.jupiter.api.BeforeEach;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * The hub over real HTTP with the fixture directory imported, for tests of raising, approving, following up and
 * auditing alerts. The outbox relay waits an hour: these tests look at what happens up to approval, before the
 * fan-out takes an alert on. Every subclass shares this one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "hub.outbox.initial-delay=3600000"})
@ActiveProfiles("test")
public abstract class AlertApiTestBase {

    @LocalServerPort
    protected int port;
    @Autowired
    protected AccountRepository accounts;
    @Autowired
    protected PasswordEncoder passwords;
    @Autowired
    protected EstablishmentImport schools;
    @Autowired
    protected ContactImport contacts;
    @Autowired
    protected JdbcClient jdbc;

    protected AlertApi api;

    @BeforeEach
    void directoryAndApi() throws Exception {
        AlertFixtures.importDirectory(schools, contacts);
        api = new AlertApi(port);
    }

    /** An account to act as (created once per context), in the test partnership. */
    protected void account(String username, Role role) {
        TestAccounts.ensure(accounts, passwords, username, role);
    }
}
