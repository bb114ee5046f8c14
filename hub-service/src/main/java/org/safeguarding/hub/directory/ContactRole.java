package org.safeguarding.hub.directory;

/** Who a safeguarding contact is for their school; the chase escalates through them in this order. */
public enum ContactRole {
    /** Designated safeguarding lead. */
    DSL,
    DEPUTY_DSL,
    HEAD,
    /** The local authority's safeguarding team, listed against the schools it covers. */
    LA_SAFEGUARDING
}
