package org.safeguarding.hub.directory;

/** One line of the directory page. {@code safeguardingContacts} counts DSL and deputy DSL contacts. */
public record SchoolSummary(long urn, String name, String laName, String phaseName, String typeName,
        String statusName, boolean open, int contacts, int safeguardingContacts) {

    /** Such a school would miss an alert: nobody at it is named to receive one. */
    public boolean missingSafeguardingContact() {
        return open && safeguardingContacts == 0;
    }
}
