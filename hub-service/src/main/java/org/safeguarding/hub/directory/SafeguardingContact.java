package org.safeguarding.hub.directory;

/** A person a school's alerts go to. Email and mobile are optional, but never both absent. */
public record SafeguardingContact(long urn, ContactRole role, String name, String email, String mobile) {
}
