package org.safeguarding.hub.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An alert and the messages that followed it, oldest first: its updates, its all-clear ("Resolved": an Update with
 * responseType AllClear) and its cancel (CAP msgType Update and Cancel), each an alert row of its own that references
 * the original. {@code approved} are the ids of those that were ever approved.
 */
public record AlertChain(Alert original, List<Alert> followUps, Set<Long> approved) {

    public static final String UPDATE = "Update";
    public static final String CANCEL = "Cancel";
    /** CAP responseType of the message that closes an alert. */
    public static final String ALL_CLEAR = "AllClear";

    public AlertChain {
        followUps = List.copyOf(followUps);
        approved = Set.copyOf(approved);
    }

    public Alert message(long id) {
        return id == original.id() ? original
                : followUps.stream().filter(m -> m.id() == id).findFirst().orElseThrow();
    }

    /** What schools have been told last: the latest update in force, else the original. */
    public Alert inForce() {
        return updates().stream().filter(u -> AlertStatus.IN_FORCE.contains(u.status()))
                .reduce((earlier, later) -> later).orElse(original);
    }

    /** An update still being written or approved; there is at most one at a time. */
    public Optional<Alert> pendingUpdate() {
        return updates().stream().filter(u -> u.status().editable()).findFirst();
    }

    public Optional<Alert> cancellation() {
        return followUps.stream().filter(m -> CANCEL.equals(m.msgType())).findFirst();
    }

    /** The later update in force that replaces {@code message} for schools, if any. */
    public Optional<Alert> supersededBy(Alert message) {
        if (CANCEL.equals(message.msgType())) {
            return Optional.empty();
        }
        return updates().stream().filter(u -> u.id() > message.id() && AlertStatus.IN_FORCE.contains(u.status()))
                .reduce((earlier, later) -> later);
    }

    /** The earlier messages {@code message} references in CAP: the original and every update approved before it. */
    public List<Alert> earlierThan(Alert message) {
        List<Alert> earlier = new ArrayList<>();
        earlier.add(original);
        updates().stream().filter(u -> u.id() < message.id() && approved.contains(u.id())).forEach(earlier::add);
        return earlier;
    }

    /** Updates written so far, whatever became of them: they number the next one's reference. Not the all-clear. */
    public List<Alert> updates() {
        return followUps.stream().filter(m -> UPDATE.equals(m.msgType()) && !m.resolves()).toList();
    }

    /** The all-clear that closed the alert: approved, being sent or sent. */
    public Optional<Alert> resolution() {
        return followUps.stream().filter(m -> m.resolves() && AlertStatus.IN_FORCE.contains(m.status())).findFirst();
    }

    /** An all-clear being written or awaiting approval; there is at most one at a time. */
    public Optional<Alert> pendingResolution() {
        return followUps.stream().filter(m -> m.resolves() && m.status().editable()).findFirst();
    }

    /**
     * Why schools are no longer chased to acknowledge {@code message}, for the alert page to say; empty while they
     * are (or never were: a cancel or all-clear asks nothing). Mirrors {@link AlertRepository#STILL_TO_BE_CHASED}.
     */
    public Optional<String> whyChasingStopped(Alert message) {
        if (!message.asksAcknowledgement()) {
            return Optional.empty();
        }
        if (original.status() == AlertStatus.CANCELLED) {
            return Optional.of(cancellation().map(c -> "the alert was cancelled (" + c.reference() + ")")
                    .orElse("the alert was cancelled"));
        }
        return resolution().map(r -> "the alert was resolved (" + r.reference() + ")")
                .or(() -> supersededBy(message).map(u -> "schools confirm the update " + u.reference() + " instead"));
    }
}
