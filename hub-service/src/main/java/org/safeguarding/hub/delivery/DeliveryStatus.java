package org.safeguarding.hub.delivery;

import java.util.EnumSet;
import java.util.Set;

/**
 * A delivery's fate in the ledger. QUEUED → SENT, or RETRYING → SENT | FAILED; UNREACHABLE when nobody to send to. An
 * SMS goes on from SENT to DELIVERED or FAILED by Notify's receipt; an email SENT becomes BOUNCED when every address
 * it went to bounced it later.
 */
public enum DeliveryStatus {
    QUEUED, RETRYING, SENT, DELIVERED, FAILED, UNREACHABLE, BOUNCED;

    public static final Set<DeliveryStatus> FINAL = EnumSet.of(SENT, DELIVERED, FAILED, UNREACHABLE, BOUNCED);

    public boolean isFinal() {
        return FINAL.contains(this);
    }
}
