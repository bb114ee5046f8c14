package org.safeguarding.hub.routes.email;

/** What became of one email of a batch, for the ledger. {@code error} says what went wrong, when something did. */
public record EmailOutcome(OutgoingEmail email, Fate fate, String error) {

    public enum Fate {
        /** The server accepted it for every address. */
        SENT,
        /** Accepted for some of the school's addresses and refused for others: the school has it; not sent again. */
        SENT_PARTLY,
        /** A transient failure (SMTP 4xx, server down): the broker redelivers the batch after its backoff. */
        RETRYING,
        /** A permanent refusal (SMTP 5xx for every address): never retried. */
        FAILED,
        /** Still failing on the last attempt: recorded FAILED and parked on the dead-letter queue. */
        GAVE_UP
    }

    static EmailOutcome sent(OutgoingEmail email) {
        return new EmailOutcome(email, Fate.SENT, null);
    }

    /** Classifies a failed send by the server's answer; {@code lastAttempt} turns a transient failure final. */
    static EmailOutcome failed(OutgoingEmail email, Throwable failure, boolean lastAttempt) {
        String error = SmtpFailure.describe(failure);
        if (SmtpFailure.reachedSomeone(failure)) {
            return new EmailOutcome(email, Fate.SENT_PARTLY, "Sent, but some addresses were refused: " + error);
        }
        if (SmtpFailure.isPermanent(failure)) {
            return new EmailOutcome(email, Fate.FAILED, error);
        }
        return new EmailOutcome(email, lastAttempt ? Fate.GAVE_UP : Fate.RETRYING, error);
    }
}
