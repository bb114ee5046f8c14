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
        int version) {

    /** An update or cancel of an earlier alert (CAP msgType Update or Cancel), not an alert of its own. */
    public boolean isFollowUp() {
        return referencesAlert != null;
    }
}
