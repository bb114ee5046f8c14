package org.safeguarding.hub.delivery.mis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON a school's MIS receives (DESIGN's "MIS delivery"; docs/mis-integration.md and docs/mis-webhook.schema.json
 * describe it to vendors). Times are ISO-8601 in UTC.
 */
@JsonPropertyOrder({"type", "timestamp", "data"})
record MisPayload(String type, String timestamp, Data data) {

    static final String ISSUED = "alert.issued";
    static final String UPDATED = "alert.updated";
    static final String CANCELLED = "alert.cancelled";
    static final String REMINDER = "alert.reminder";

    /**
     * {@code acknowledgeUrl} is absent for a cancellation and an all-clear (nothing to acknowledge); {@code reason} only
     * a cancel's; {@code responseType} ("AllClear", CAP's) only an all-clear's, sent as alert.updated (additive).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"reference", "msgType", "severity", "category", "title", "summary", "adviceForSchools",
            "ackDeadline", "expires", "exercise", "urn", "schoolName", "acknowledgeUrl", "reason", "responseType"})
    record Data(String reference, String msgType, String severity, String category, String title, String summary,
            String adviceForSchools, String ackDeadline, String expires, boolean exercise, long urn, String schoolName,
            String acknowledgeUrl, String reason, String responseType) {
    }
}
