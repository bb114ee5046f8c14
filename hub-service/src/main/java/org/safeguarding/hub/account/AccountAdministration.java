package org.safeguarding.hub.account;

import java.security.SecureRandom;
import java.util.Objects;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an ADMIN changes on another account, each audited in its own transaction. The hub always keeps an enabled
 * ADMIN: demoting or disabling the last one is refused (the enabled ADMIN rows are locked while it is checked).
 */
@Service
@Transactional
class AccountAdministration {

    /** Unambiguous letters and digits (no 0/o, 1/l/i): a generated password is read off a screen and typed. */
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final PasswordStrength strength;
    private final AuditTrail audit;

    AccountAdministration(AccountRepository accounts, PasswordEncoder passwords, PasswordStrength strength,
            AuditTrail audit) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.strength = strength;
        this.audit = audit;
    }

    /** Why the change cannot be made, in words for the page. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    Account get(String username) {
        return accounts.findByUsername(username).orElseThrow(() -> new Refused("There is no such account"));
    }

    void changeRole(String username, Role role) {
        Account account = get(username);
        if (account.role() == role) {
            return;
        }
        if (account.role() == Role.ADMIN && account.enabled() && accounts.lockEnabledAdmins() <= 1) {
            throw new Refused(username + " is the last ADMIN: make another account ADMIN first");
        }
        // a new role ends the account's sessions: they carry the old role
        accounts.setRole(username, role);
        audit.record(AuditAction.ACCOUNT_ROLE_CHANGED, AuditEvent.ACCOUNT, username, account.role() + " to " + role);
    }

    void disable(String username, String admin) {
        Account account = get(username);
        if (username.equals(admin)) {
            throw new Refused("You cannot disable your own account");
        }
        if (account.role() == Role.ADMIN && account.enabled() && accounts.lockEnabledAdmins() <= 1) {
            throw new Refused(username + " is the last ADMIN: make another account ADMIN first");
        }
        accounts.setEnabled(username, false);
        audit.record(AuditAction.ACCOUNT_DISABLED, AuditEvent.ACCOUNT, username, null);
    }

    /**
     * Sets a generated password, shown once to the ADMIN to pass on by a separate channel; every session of the
     * account ends (its sessions version moves on).
     */
    String resetPassword(String username) {
        Account account = get(username);
        String password;
        do {
            password = generatedPassword();
        } while (strength.problem(password, username, account.displayName(), account.organisation()).isPresent());
        accounts.setPasswordHash(username, passwords.encode(password));
        audit.record(AuditAction.PASSWORD_RESET, AuditEvent.ACCOUNT, username, "generated, sessions ended");
        return password;
    }

    /** The addresses themselves stay out of the audit trail: it outlives them. */
    void setContact(String username, ContactForm.Contact contact) {
        Account account = get(username);
        accounts.setContact(username, contact.email(), contact.mobile());
        audit.record(AuditAction.ACCOUNT_CONTACT_CHANGED, AuditEvent.ACCOUNT, username,
                "email " + (contact.email().equals(account.email()) ? "unchanged" : "changed") + ", mobile "
                        + (contact.mobile() == null ? "none" : Objects.equals(contact.mobile(),
                                account.mobile()) ? "unchanged" : "changed"));
    }

    /** Four groups of five, e.g. "k7qmz-3hvtp-w9cfa-2nbrx": about 99 bits. */
    static String generatedPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                password.append('-');
            }
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
