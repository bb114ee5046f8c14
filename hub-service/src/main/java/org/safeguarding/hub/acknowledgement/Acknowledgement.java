package org.safeguarding.hub.acknowledgement;

import java.time.OffsetDateTime;

/** A school's confirmation that it received an alert, and what it has done; {@code via} LINK or MIS. */
public record Acknowledgement(long alertId, long urn, String acknowledgedBy, String role, String actions,
        OffsetDateTime acknowledgedAt, String via) {
}
