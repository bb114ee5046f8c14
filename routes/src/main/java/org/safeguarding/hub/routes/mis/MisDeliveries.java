package org.safeguarding.hub.routes.mis;

import java.util.List;
import org.safeguarding.hub.routes.DeliveryBatch;

/** What the MIS route needs from the application: the signed-to-be webhooks of a batch of deliveries, and the ledger. */
public interface MisDeliveries {

    /**
     * Claims the batch's deliveries for this broker message and writes each one's webhook for its school's endpoint.
     * Deliveries already final, or held by another message, are left out, as for email. A delivery whose school has no
     * enabled endpoint any more is recorded FAILED here and left out.
     *
     * @throws org.safeguarding.hub.routes.UnreadableDeliveryException when none of the ids is an MIS delivery
     */
    List<OutgoingWebhook> prepare(DeliveryBatch batch, String brokerMessageId);

    /** Records what became of webhooks, as each is known; GONE also disables the school's endpoint. */
    void record(List<WebhookOutcome> outcomes);

    /**
     * Once a batch's webhooks are all recorded: marks their alerts SENT where these were the last deliveries open
     * (once per batch, not per webhook: it takes the alert's row lock).
     */
    void settle(List<WebhookOutcome> outcomes);
}
