package org.safeguarding.hub.alert;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An alert's life, as one explicit state machine: every status change in the hub goes through {@link #check}.
 * DRAFT → AWAITING_APPROVAL → APPROVED → SENDING → SENT; AWAITING_APPROVAL → REJECTED → (revised) DRAFT or
 * AWAITING_APPROVAL; anything not yet finished can be CANCELLED. A SENT alert is SENDING again while deliveries
 * ops re-drove from a dead-letter queue go out.
 */
public enum AlertStatus {
    DRAFT, AWAITING_APPROVAL, APPROVED, SENDING, SENT, REJECTED, CANCELLED;

    private static final Map<AlertStatus, Set<AlertStatus>> ALLOWED = Map.of(
            DRAFT, EnumSet.of(AWAITING_APPROVAL, CANCELLED),
            AWAITING_APPROVAL, EnumSet.of(APPROVED, REJECTED, DRAFT, CANCELLED),
            REJECTED, EnumSet.of(DRAFT, AWAITING_APPROVAL, CANCELLED),
            APPROVED, EnumSet.of(SENDING, CANCELLED),
            SENDING, EnumSet.of(SENT, CANCELLED),
            SENT, EnumSet.of(SENDING, CANCELLED),
            CANCELLED, EnumSet.noneOf(AlertStatus.class));

    /** Approved, so what schools have or are about to have; an update in force replaces the message before it. */
    public static final Set<AlertStatus> IN_FORCE = EnumSet.of(APPROVED, SENDING, SENT);

    public boolean canMoveTo(AlertStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Content can change only before approval. */
    public boolean editable() {
        return this == DRAFT || this == AWAITING_APPROVAL || this == REJECTED;
    }

    /** Schools have it or are being sent it: it can be updated, and cancelling it tells them. */
    public boolean wentOut() {
        return this == SENDING || this == SENT;
    }

    /** @throws IllegalTransitionException saying why, when {@code next} is not reachable from here */
    public void check(AlertStatus next, String action) {
        whyNot(next, action).ifPresent(why -> {
            throw new IllegalTransitionException(why);
        });
    }

    /** Why {@code next} is not reachable from here, for a page to say before anyone tries; empty when it is. */
    public Optional<String> whyNot(AlertStatus next, String action) {
        return canMoveTo(next) ? Optional.empty()
                : Optional.of("An alert that is " + describe() + " cannot be " + action);
    }

    public String describe() {
        return name().toLowerCase().replace('_', ' ');
    }
}
