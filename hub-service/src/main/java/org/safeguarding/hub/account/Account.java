package org.safeguarding.hub.account;

/** Someone who can sign in to the hub. */
public record Account(String username, String passwordHash, String displayName, String organisation, Role role,
        boolean enabled) {
}
