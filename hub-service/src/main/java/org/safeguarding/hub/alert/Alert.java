package org.safeguarding.hub.alert;

import java.time.OffsetDateTime;

/** An alert as stored: what was written, where it is in its life, and who did what to it. */
public record Alert(
        long id,
        String reference,
        String identifier,
        AlertStatus status,
        String msgType,
        Long referencesAlert,
        AlertContent content,
        String raisedBy,
        String raisedByOrganisation,
        String lastEditedBy,
        String decidedBy,
        String decisionReason,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime submittedAt,
        OffsetDateTime decidedAt,
        int version,
        String responseType) {

    /** An update or cancel of an earlier alert (CAP msgType Update or Cancel), not an alert of its own. */
    public boolean isFollowUp() {
        return referencesAlert != null;
    }

    /** The all-clear that closes its alert: an Update with CAP responseType AllClear. */
    public boolean resolves() {
        return AlertChain.ALL_CLEAR.equals(responseType);
    }

    /** A cancel or an all-clear asks schools to acknowledge nothing, and nobody is chased for it. */
    public boolean asksAcknowledgement() {
        return !AlertChain.CANCEL.equals(msgType) && !resolves();
    }
}
