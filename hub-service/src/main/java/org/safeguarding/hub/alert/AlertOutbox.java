package org.safeguarding.hub.alert;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.safeguarding.hub.routes.outbox.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The outbox rows approval writes, for the relay route to publish. */
@Component
class AlertOutbox implements Outbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    AlertOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<OutboxEntry> unpublished(int max) {
        return jdbc.sql("select id, alert_id, event from alert_outbox where published_at is null order by id limit :max")
                .param("max", max)
                .query((rs, n) -> new OutboxEntry(rs.getLong("id"), rs.getLong("alert_id"), rs.getString("event")))
                .list();
    }

    @Override
    public void markPublished(long entryId) {
        jdbc.sql("update alert_outbox set published_at = :now where id = :id and published_at is null")
                .param("now", OffsetDateTime.now(clock)).param("id", entryId).update();
    }
}
