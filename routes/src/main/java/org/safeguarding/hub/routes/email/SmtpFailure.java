package org.safeguarding.hub.routes.email;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/** Tells a permanent SMTP refusal (5xx: this will never work) from a transient one (4xx, connection trouble). */
public final class SmtpFailure {

    private SmtpFailure() {
    }

    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            int code = returnCode(t);
            if (code >= 500 && code < 600) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the server accepted the email for some recipients while refusing others (JavaMail's sendpartial):
     * the school has it, so it is not sent again; the refused addresses go in the ledger.
     */
    static boolean reachedSomeone(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SendFailedException partial && partial.getValidSentAddresses() != null
                    && partial.getValidSentAddresses().length > 0) {
                return true;
            }
        }
        return false;
    }

    private static int returnCode(Throwable t) {
        if (t instanceof SMTPAddressFailedException address) {
            return address.getReturnCode();
        }
        if (t instanceof SMTPSendFailedException send) {
            return send.getReturnCode();
        }
        return -1;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != t) {
            return messaging.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /** One line for the ledger: the server's answer where there is one. */
    public static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        for (Throwable t = failure; t != null; t = next(t)) {
            if (returnCode(t) > 0) {
                text = "SMTP " + returnCode(t) + ": " + t.getMessage();
            }
        }
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
