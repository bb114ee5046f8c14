package org.safeguarding.hub.routes.sms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.safeguarding.hub.routes.DeliveryBatch;

/** What the SMS route needs from the application: the texts of a batch of deliveries, and the ledger. */
public interface SmsDeliveries {

    /**
     * Claims, for this broker message, the texts covering the batch's deliveries and renders each. A text already
     * sent, or held by another message (a number covering schools whose deliveries travel in different batches), is
     * left out: one text per number, however many of its schools' deliveries arrive.
     *
     * @throws org.safeguarding.hub.routes.UnreadableDeliveryException when none of the ids is an SMS delivery
     */
    List<OutgoingText> prepare(DeliveryBatch batch, String brokerMessageId);

    /** Records what became of each text, and of the deliveries it covers, in one go. */
    void record(List<TextOutcome> outcomes);

    /** When Notify's daily limit was reached: no text before this (midnight UTC); empty when not held. */
    Optional<Instant> heldUntil();

    /** Notify said the daily limit is reached: hold every instance's texts until {@code until}. */
    void hold(Instant until, String reason);

    /** Asks Notify about texts sent long ago whose receipt has not come, and records what it says. */
    void checkOverdueReceipts();
}
