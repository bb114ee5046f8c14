package org.safeguarding.hub.account;

/**
 * Someone who can sign in to the hub. {@code email} is where approval notices go (null only for accounts from before
 * accounts had one, until an ADMIN sets it); {@code mobile} is an optional UK mobile in +447… form.
 */
public record Account(String username, String passwordHash, String displayName, String organisation, Role role,
        boolean enabled, String email, String mobile) {

    /** An account without contact details (tests, and callers that set them later). */
    public Account(String username, String passwordHash, String displayName, String organisation, Role role,
            boolean enabled) {
        this(username, passwordHash, displayName, organisation, role, enabled, null, null);
    }
}
