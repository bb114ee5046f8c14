package org.safeguarding.hub.chase;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.safeguarding.hub.delivery.DeliveryLedger;
import org.safeguarding.hub.directory.ContactRole;

/**
 * The rungs of the ladder a school that has not acknowledged an alert climbs, in order. Each is also the purpose of
 * the deliveries it writes ({@code delivery.purpose}; the alert's own are {@code ALERT}).
 */
public enum ChaseStep {

    /** To the DSL; where the school has none with an email address, to whoever the alert went to. */
    FIRST_REMINDER("First reminder to the DSL", EnumSet.of(ContactRole.DSL, ContactRole.DEPUTY_DSL, ContactRole.HEAD),
            DeliveryLedger.NO_EMAIL_CONTACT),
    SECOND_REMINDER("Second reminder to the deputy DSL and head", EnumSet.of(ContactRole.DEPUTY_DSL, ContactRole.HEAD),
            "The school has no deputy DSL or head with an email address"),
    /** One digest per local-authority safeguarding address, listing its schools still silent. */
    LA_ESCALATION("Escalated to the local authority", EnumSet.of(ContactRole.LA_SAFEGUARDING),
            "The school has no local-authority safeguarding contact with an email address");

    /** The purpose of an alert's own deliveries. */
    public static final String ALERT = "ALERT";
    /** Every purpose of a chase delivery, as SQL. */
    static final String PURPOSES_SQL = "('FIRST_REMINDER', 'SECOND_REMINDER', 'LA_ESCALATION')";

    private final String label;
    private final Set<ContactRole> roles;
    private final String nobodyToWriteTo;

    ChaseStep(String label, Set<ContactRole> roles, String nobodyToWriteTo) {
        this.label = label;
        this.roles = roles;
        this.nobodyToWriteTo = nobodyToWriteTo;
    }

    public String label() {
        return label;
    }

    /** The contacts of a school this step can write to: a school with none is UNREACHABLE for the step. */
    Set<ContactRole> roles() {
        return roles;
    }

    /** The ledger's reason when a school has none of {@link #roles()} with an email address. */
    String nobodyToWriteTo() {
        return nobodyToWriteTo;
    }

    /** SQL list of {@link #roles()}, e.g. {@code ('DEPUTY_DSL', 'HEAD')}. */
    String rolesSql() {
        return roles.stream().map(r -> "'" + r.name() + "'").reduce((a, b) -> a + ", " + b).map(r -> "(" + r + ")")
                .orElseThrow();
    }

    /** The purpose of the deliveries the schools this step chases were sent just before it. */
    String previousPurpose() {
        return ordinal() == 0 ? ALERT : values()[ordinal() - 1].name();
    }

    static List<ChaseStep> firstSteps(int steps) {
        return List.of(values()).subList(0, steps);
    }
}
