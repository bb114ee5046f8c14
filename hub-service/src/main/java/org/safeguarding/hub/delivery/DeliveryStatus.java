package org.safeguarding.hub.delivery;

import java.util.EnumSet;
import java.util.Set;

/**
 * A delivery's fate in the ledger. QUEUED → SENT, or RETRYING → SENT | FAILED; UNREACHABLE when nobody to send to. An
 * SMS goes on from SENT to DELIVERED or FAILED by Notify's receipt; an email SENT becomes BOUNCED when every address
 * it went to bounced it later.
 */
public enum DeliveryStatus {
    QUEUED("Waiting to be sent"), RETRYING("Being retried"), SENT("Sent"), DELIVERED("Delivered"), FAILED("Failed"),
    UNREACHABLE("No contact on record"), BOUNCED("Bounced");

    public static final Set<DeliveryStatus> FINAL = EnumSet.of(SENT, DELIVERED, FAILED, UNREACHABLE, BOUNCED);

    private final String label;

    DeliveryStatus(String label) {
        this.label = label;
    }

    /** As pages say it: people read words, not ledger codes. */
    public String label() {
        return label;
    }

    /** The label of a ledger status as stored, or the code itself when it is not one (never fails a page). */
    public static String label(String status) {
        try {
            return valueOf(status).label();
        } catch (IllegalArgumentException | NullPointerException e) {
            return status;
        }
    }

    public boolean isFinal() {
        return FINAL.contains(this);
    }
}
