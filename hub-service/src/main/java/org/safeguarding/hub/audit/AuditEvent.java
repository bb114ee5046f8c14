package org.safeguarding.hub.audit;

import java.time.OffsetDateTime;

/** One row of the append-only audit trail: who (account and role) did what to which subject, when, from where. */
public record AuditEvent(long id, OffsetDateTime occurredAt, String actor, String actorRole, AuditAction action,
        String subjectType, String subjectId, String detail, String clientAddress) {

    public static final String ALERT = "ALERT";
    public static final String DIRECTORY = "DIRECTORY";
    public static final String ACCOUNT = "ACCOUNT";
    /** The hub's own scheduled work, e.g. the retention purge. */
    public static final String SYSTEM = "SYSTEM";

    /** Who acted, as people read it: "officer (raiser)", "system". */
    public String actorDescribed() {
        return actor + (actorRole == null ? "" : " (" + org.safeguarding.hub.account.Role.describe(actorRole) + ")");
    }
}
