package org.safeguarding.hub.delivery;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.safeguarding.hub.routes.fanout.DeliveryOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * QUEUED deliveries matching a condition, read in id order one batch at a time (keyset, not offset: each batch is one
 * index range however far the walk has gone), so a national fan-out is never in memory at once.
 */
public final class DeliveryBatches implements Iterator<List<DeliveryOrder>> {

    private final JdbcClient jdbc;
    private final String condition;
    private final Map<String, ?> params;
    private final int batchSize;
    private long after = 0;
    private List<DeliveryOrder> next;

    /** @param condition SQL on table {@code delivery}, with named parameters from {@code params} */
    public DeliveryBatches(JdbcClient jdbc, String condition, Map<String, ?> params, int batchSize) {
        this.jdbc = jdbc;
        this.condition = condition;
        this.params = params;
        this.batchSize = batchSize;
        this.next = fetch();
    }

    private List<DeliveryOrder> fetch() {
        List<DeliveryOrder> batch = jdbc.sql("select id, alert_id, channel from delivery where status = 'QUEUED'"
                        + " and " + condition + " and id > :after order by id limit :limit")
                .params(params).param("after", after).param("limit", batchSize)
                .query((rs, n) -> new DeliveryOrder(rs.getLong("id"), rs.getLong("alert_id"), rs.getString("channel")))
                .list();
        if (!batch.isEmpty()) {
            after = batch.get(batch.size() - 1).deliveryId();
        }
        return batch;
    }

    @Override
    public boolean hasNext() {
        return !next.isEmpty();
    }

    @Override
    public List<DeliveryOrder> next() {
        if (next.isEmpty()) {
            throw new NoSuchElementException();
        }
        List<DeliveryOrder> current = next;
        next = fetch();
        return current;
    }
}
