package org.safeguarding.hub.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The message on a channel queue: the ids of deliveries of one alert to make on that channel, as text
 * ("1041,1042,1043"; one id is a batch of one). Deliberately small: the channel route reads the rest (alert, school,
 * contacts) from the ledger when it sends, so a message never carries stale or personal data. Carrying a batch per
 * message lets the channel claim, read and record many deliveries with one statement each instead of one per
 * delivery.
 */
public record DeliveryBatch(List<Long> deliveryIds) {

    /** More ids than this in one message is not something the hub sent. */
    public static final int MAX_DELIVERIES = 1000;

    public DeliveryBatch {
        deliveryIds = List.copyOf(deliveryIds);
        if (deliveryIds.isEmpty() || deliveryIds.size() > MAX_DELIVERIES) {
            throw new IllegalArgumentException("a delivery batch has 1 to " + MAX_DELIVERIES + " ids");
        }
    }

    public String body() {
        return deliveryIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * Artemis duplicate-detection id. A batch is re-read from the ledger's QUEUED deliveries, in id order, when the
     * fan-out is resumed after a crash; that set only shrinks, so the same first id, last id and size mean the same
     * batch, and a batch queued before the crash is refused by the broker instead of queued twice. A batch that
     * differs is queued: the ledger's claim still sends each delivery once.
     */
    public String duplicateId() {
        return "deliveries-" + deliveryIds.get(0) + "-" + deliveryIds.get(deliveryIds.size() - 1) + "-"
                + deliveryIds.size();
    }

    /** @throws UnreadableDeliveryException when the text is not a list of delivery ids */
    public static DeliveryBatch parse(String body) {
        String text = body == null ? "" : body.strip();
        List<Long> ids = new ArrayList<>();
        for (String part : text.split(",", MAX_DELIVERIES + 1)) {
            try {
                ids.add(Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                throw new UnreadableDeliveryException("not a delivery id: '"
                        + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
            }
        }
        if (ids.size() > MAX_DELIVERIES) {
            throw new UnreadableDeliveryException("more than " + MAX_DELIVERIES + " delivery ids in one message");
        }
        return new DeliveryBatch(ids);
    }
}
