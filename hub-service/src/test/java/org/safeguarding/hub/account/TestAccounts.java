package org.safeguarding.hub.account;

import org.springframework.security.crypto.password.PasswordEncoder;

/** Accounts a test signs in with, created through the hub's own repository and password encoder. */
public final class TestAccounts {

    private TestAccounts() {
    }

    /** Creates the account unless a test sharing the Spring context already did; its password is {@code pw-<username>}. */
    public static String ensure(AccountRepository accounts, PasswordEncoder passwords, String username, Role role) {
        return ensure(accounts, passwords, username, role, "Test organisation");
    }

    /** As {@link #ensure(AccountRepository, PasswordEncoder, String, Role)}, in a named organisation. */
    public static String ensure(AccountRepository accounts, PasswordEncoder passwords, String username, Role role,
            String organisation) {
        if (!accounts.exists(username)) {
            accounts.create(new Account(username, passwords.encode(password(username)), "Test " + username,
                    organisation, role, true));
        }
        return username;
    }

    public static String password(String username) {
        return "pw-" + username;
    }
}
