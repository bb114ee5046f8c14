package org.safeguarding.hub.delivery;

import java.util.List;
import org.safeguarding.hub.directory.SafeguardingContact;

/**
 * What an email about an alert will say and who it goes to, chosen by its delivery's purpose (the message itself, a
 * reminder, an LA digest) before it is rendered. Its subject is the message's (EmailWording) with {@code subjectLead}
 * after any EXERCISE (e.g. "REMINDER: ") and {@code subjectEnd} in place of the title (null: the title).
 *
 * @param template e.g. "email/alert": its .html and .txt are the two parts
 * @param unsent what the ledger records when {@code to} is empty
 */
public record EmailDraft(String template, List<SafeguardingContact> to, String subjectLead, String subjectEnd,
        Unsent unsent) {

    /** An email not sent, and why: its status and reason in the ledger. */
    public record Unsent(DeliveryStatus status, String reason) {
    }

    /** To {@code to}; when nobody is in it, UNREACHABLE for {@code nobody}. */
    public static EmailDraft to(String template, List<SafeguardingContact> to, String subjectLead, String subjectEnd,
            String nobody) {
        return new EmailDraft(template, to, subjectLead, subjectEnd, new Unsent(DeliveryStatus.UNREACHABLE, nobody));
    }

    /**
     * No longer to be sent (the alert was cancelled, or the school acknowledged, since it was written): FAILED
     * "Not sent: …", as a cancel records the alert's own deliveries it stopped.
     */
    public static EmailDraft withdrawn(String why) {
        return new EmailDraft(null, List.of(), null, null, new Unsent(DeliveryStatus.FAILED, "Not sent: " + why));
    }
}
