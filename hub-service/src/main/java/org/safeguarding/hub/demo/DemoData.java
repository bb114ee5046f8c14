package org.safeguarding.hub.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.DirectoryRepository;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.directory.ImportReport;
import org.safeguarding.hub.directory.MisEndpointImport;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.safeguarding.hub.system.HubProperties;
import org.safeguarding.hub.system.InstallationGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The embedded default's demo: DESIGN's four accounts ({@code demo-<name>} passwords) and a synthetic directory of a
 * fictional partnership, loaded through the real importers. Only with {@code hub.demo.enabled=true}, which the prod
 * profile refuses; {@link InstallationGuard} has already made sure this is not a production database.
 */
@Component
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final int ESTABLISHMENTS = 330;

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final DirectoryRepository directory;
    private final EstablishmentImport establishmentImport;
    private final ContactImport contactImport;
    private final MisEndpointImport misEndpointImport;
    private final JdbcClient jdbc;
    private final HubProperties hub;

    DemoData(InstallationGuard installation, AccountRepository accounts, PasswordEncoder passwords,
            DirectoryRepository directory, EstablishmentImport establishmentImport, ContactImport contactImport,
            MisEndpointImport misEndpointImport, JdbcClient jdbc, HubProperties hub) {
        this.misEndpointImport = misEndpointImport;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.passwords = passwords;
        this.directory = directory;
        this.establishmentImport = establishmentImport;
        this.contactImport = contactImport;
        this.hub = hub;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        String partnership = hub.partnershipName();
        for (Account account : List.of(
                demoAccount("officer", "PC Sam Okafor", "Police Child Protection (CYP) team", Role.RAISER),
                demoAccount("chair", "Dr Helen Marsh", partnership + " (chair)", Role.APPROVER),
                demoAccount("ops", "Ravi Shah", partnership + " business support", Role.OPS),
                demoAccount("admin", "Jo Whitfield", partnership + " business support", Role.ADMIN))) {
            if (!accounts.exists(account.username())) {
                accounts.create(account);
            } else if (accounts.findByUsername(account.username()).orElseThrow().email() == null) {
                // a demo database from before accounts had email addresses
                accounts.setContact(account.username(), account.email(), null);
            }
        }
        if (directory.countEstablishments() == 0) {
            StringWriter schools = new StringWriter();
            StringWriter contacts = new StringWriter();
            new SyntheticDirectory(hub.demo().directorySeed()).write(ESTABLISHMENTS, schools, contacts);
            ImportReport establishments = establishmentImport.importCsv(utf8(schools));
            ImportReport people = contactImport.importCsv(utf8(contacts));
            log.info("Demo directory loaded: {} establishments, {} safeguarding contacts",
                    establishments.imported(), people.imported());
        }
        registerDemoMisEndpoints();
    }

    /**
     * Every third open demo school gets an endpoint at the hub's own simulated MIS ({@link DemoMis}), with a secret
     * the hub generates; once, so a demo database keeps its endpoints (and any that were disabled) across restarts.
     */
    private void registerDemoMisEndpoints() throws IOException {
        if (jdbc.sql("select count(*) from mis_endpoint").query(Integer.class).single() > 0) {
            return;
        }
        List<Long> open = jdbc.sql("select urn from establishment where status_code in ('1', '3') order by urn")
                .query(Long.class).list();
        StringBuilder csv = new StringBuilder("URN,Url,Secret\n");
        String base = hub.publicBaseUrl().replaceAll("/+$", "") + DemoMis.PATH;
        for (int i = 0; i < open.size(); i += 3) {
            csv.append(open.get(i)).append(',').append(base).append(open.get(i)).append(",\n");
        }
        var report = misEndpointImport.importCsv(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        log.info("Demo MIS endpoints registered: {} schools (the simulated MIS at /demo/mis), {} rejected",
                report.imported(), report.rejected().size());
    }

    private Account demoAccount(String username, String displayName, String organisation, Role role) {
        return new Account(username, passwords.encode("demo-" + username), displayName, organisation, role, true,
                username + "@demo-partnership.example", null);
    }

    private static ByteArrayInputStream utf8(StringWriter csv) {
        return new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
