package org.safeguarding.hub.directory;

import java.time.OffsetDateTime;

/** A school or other establishment from the GIAS register, keyed by its URN. */
public record Establishment(
        long urn,
        String name,
        Coded localAuthority,
        Coded district,
        Coded phase,
        Coded type,
        Coded typeGroup,
        Coded status,
        String postcode,
        String town,
        String telephone,
        String website,
        String headName,
        OffsetDateTime lastImportedAt) {

    /** GIAS status codes 1 (Open) and 3 (Open, but proposed to close) still take pupils, so still get alerts. */
    public boolean open() {
        return status != null && ("1".equals(status.code()) || "3".equals(status.code()));
    }

    /** A GIAS code with its name, e.g. phase 2 "Primary". Either part may be absent. */
    public record Coded(String code, String name) {
    }
}
