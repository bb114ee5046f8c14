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

    public String authority() {
        return "ROLE_" + name();
    }
}
