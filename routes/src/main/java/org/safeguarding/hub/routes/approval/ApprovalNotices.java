package org.safeguarding.hub.routes.approval;

import java.util.List;
import org.safeguarding.hub.routes.email.OutgoingEmail;

/**
 * What the approval-notice routes need from the application: the notices (approval needed, reminder, approved,
 * rejected) written in the transaction that made them due, and the reminders of alerts left waiting.
 */
public interface ApprovalNotices {

    /**
     * Writes a reminder to the approvers of each EXTREME alert that has waited for approval longer than the reminder
     * period since it was submitted or last reminded. Safe on several hub instances at once: each period's reminder
     * of an alert is claimed by one of them.
     *
     * @return how many alerts were reminded
     */
    int remindDue();

    /**
     * Up to {@code max} notices due to be sent, each claimed for this instance for a while (another instance passes
     * over them); notices of an alert no longer awaiting approval that only asked for approval are dropped.
     */
    List<ApprovalNotice> claimDue(int max);

    /** The notice went: recorded and audited. */
    void sent(ApprovalNotice notice);

    /** The notice did not go: tried again after a backoff, or, when {@code permanent}, recorded failed and audited. */
    void failed(ApprovalNotice notice, String error, boolean permanent);

    /** The notice as an email of the school emails' shape (From, a stable Message-ID, text and HTML). */
    OutgoingEmail email(ApprovalNotice notice);

    /** Sends the notice as a text message (GOV.UK Notify), or throws what Notify answered. */
    void text(ApprovalNotice notice) throws Exception;
}
