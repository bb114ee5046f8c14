package org.safeguarding.hub.account;

/** The four roles. Each account holds exactly one: least privilege, and a clear audit trail of who acted as what. */
public enum Role {
    /** Police Children and Young Persons officer, partnership staff: raises alerts. */
    RAISER,
    /** Partnership chair or safeguarding lead: approves or rejects alerts raised by others. */
    APPROVER,
    /** Monitoring: dashboard, Camel console, Hawtio, metrics. */
    OPS,
    /** School directory and accounts. */
    ADMIN;

    /** As pages say it, e.g. "raiser": people read words, not codes. */
    public String describe() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@link #describe()} of a role as stored, or the stored text itself when it is not a role. */
    public static String describe(String role) {
        try {
            return valueOf(role).describe();
        } catch (IllegalArgumentException e) {
            return role;
        }
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
