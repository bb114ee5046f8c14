package org.safeguarding.hub.account;

import org.springframework.security.crypto.password.PasswordEncoder;

/** Accounts a test signs in with, created through the hub's own repository and password encoder. */
public final class TestAccounts {

    private TestAccounts() {
    }

    /** Creates the account unless a test sharing the Spring context already did; its password is {@code pw-<username>}. */
    public static String ensure(AccountRepository accounts, PasswordEncoder passwords, String username, Role role) {
        if (!accounts.exists(username)) {
            accounts.create(new Account(username, passwords.encode(password(username)), "Test " + username,
                    "Test organisation", role, true));
        }
        return username;
    }

    public static String password(String username) {
        return "pw-" + username;
    }
}
