package org.safeguarding.hub.delivery;

import java.util.List;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.directory.SafeguardingContact;

/**
 * What an email about an alert will say and who it goes to, chosen by its delivery's purpose (the alert, a reminder,
 * an LA digest) before it is rendered. With nobody to send to, {@code whyNotSent} is the ledger's reason.
 *
 * @param template e.g. "email/alert": its .html and .txt are the two parts
 */
public record EmailDraft(String template, List<SafeguardingContact> to, String subject, String whyNotSent) {

    public static EmailDraft notSent(String template, String whyNotSent) {
        return new EmailDraft(template, List.of(), null, whyNotSent);
    }

    /** EXERCISE first on exercises, then {@code lead} (e.g. "REMINDER: "), the alert's severity and reference, end. */
    public static String subject(Alert alert, String lead, String end) {
        return (alert.content().exercise() ? "EXERCISE: " : "") + lead + alert.content().severity().name()
                + " safeguarding alert " + alert.reference() + ": " + end;
    }
}
