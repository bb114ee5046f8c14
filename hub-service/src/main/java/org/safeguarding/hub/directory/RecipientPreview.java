package org.safeguarding.hub.directory;

import java.util.List;

/**
 * Who a targeting reaches, as the raiser and approver see it before sending: how many open establishments, in
 * which local authorities and phases, which of them have no DSL or deputy on record (so the head is alerted), which no
 * contact at all (so nobody is), and named URNs that match nothing.
 */
public record RecipientPreview(int schools, List<String> localAuthorities, List<String> localAuthorityCodes,
        List<String> phases, List<SchoolSummary> toHeadOnly,
        List<SchoolSummary> withoutSafeguardingContact, List<Long> namedButNotOpen) {

    public boolean reachesNobody() {
        return schools == 0;
    }

    /** Who the alert is restricted to, in words (CAP {@code restriction}). */
    public String restriction() {
        return "Designated safeguarding leads of " + schools + (schools == 1 ? " school" : " schools")
                + (localAuthorities.isEmpty() ? "" : " in " + String.join(", ", localAuthorities));
    }
}
