package org.safeguarding.hub.account;

import org.safeguarding.hub.directory.ContactDetails;
import org.safeguarding.hub.system.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * A new production hub has no accounts and no demo ones. When it has no enabled ADMIN, the account named by
 * {@code hub.bootstrap-admin.*} is created so someone can sign in and create the real accounts.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final HubProperties.BootstrapAdmin settings;
    private final AuditTrail audit;
    private final PasswordStrength strength;

    BootstrapAdmin(AccountRepository accounts, PasswordEncoder passwords, HubProperties hub, AuditTrail audit,
            PasswordStrength strength) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.settings = hub.bootstrapAdmin();
        this.audit = audit;
        this.strength = strength;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!StringUtils.hasText(settings.username()) || accounts.countEnabled(Role.ADMIN) > 0
                || accounts.exists(settings.username())) {
            return;
        }
        strength.problem(settings.password(), settings.username()).ifPresent(problem -> {
            throw new IllegalStateException("hub.bootstrap-admin.password: " + problem);
        });
        String email = settings.email() == null || settings.email().isBlank() ? null : settings.email().strip();
        if (email != null && !ContactDetails.isEmail(email)) {
            throw new IllegalStateException("hub.bootstrap-admin.email: not an email address");
        }
        // without hub.bootstrap-admin.email the account shows its email as missing until an ADMIN sets it
        accounts.create(new Account(settings.username(), passwords.encode(settings.password()), "Hub administrator",
                "Hub administration", Role.ADMIN, true, email == null ? null : ContactDetails.normaliseEmail(email),
                null));
        audit.record(AuditAction.ACCOUNT_CREATED, AuditEvent.ACCOUNT, settings.username(), "bootstrap ADMIN");
        log.warn("Created the bootstrap ADMIN account '{}': sign in, change its password, create named accounts,"
                + " then remove the hub.bootstrap-admin settings", settings.username());
    }
}
