package org.safeguarding.hub.routes.email;

import java.util.List;
import org.safeguarding.hub.routes.DeliveryBatch;

/** What the email route needs from the application: the rendered emails of a batch of deliveries, and the ledger. */
public interface EmailDeliveries {

    /**
     * Claims the batch's deliveries for this broker message and renders each one's email for its school. Deliveries
     * the ledger says need no sending (already sent, failed or unreachable), or that another message holds, are left
     * out: a broker redelivery or a duplicate sends nothing twice. The same message (same {@code brokerMessageId})
     * may claim again on redelivery, and then gets only the deliveries still to send.
     *
     * @throws org.safeguarding.hub.routes.UnreadableDeliveryException when none of the ids is an email delivery
     */
    List<OutgoingEmail> prepare(DeliveryBatch batch, String brokerMessageId);

    /** Records what became of each email, in one go. */
    void record(List<EmailOutcome> outcomes);
}
