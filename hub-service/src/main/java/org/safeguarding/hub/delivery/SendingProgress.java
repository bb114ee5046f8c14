package org.safeguarding.hub.delivery;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.annotation.PreDestroy;
import org.safeguarding.hub.alert.AlertService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks an alert SENT once it is planned whole and none of its own deliveries, on any channel, is still queued or
 * retrying.
 *
 * <p>The check runs once the transaction that recorded outcomes has committed, in one of its own: of consumers (or
 * a consumer and the planner) finishing an alert at once, the one that commits last sees every other's commit, so
 * one of them always finds nothing open, and nobody takes turns on the alert's row while sending. The move to SENT is
 * conditional, so two finding it at once mark it once. The checks run on one thread of their own, an alert's checks
 * asked for while one waits coalescing into it: run by the committing thread, each would need a second database
 * connection while its first was still held, and a busy pool would have every consumer waiting for one. A process
 * that dies between its commit and the check leaves the alert SENDING with nothing open: the claim sweep finishes such
 * alerts ({@link #finishStranded()}).
 */
@Component
public class SendingProgress {

    private static final Logger log = LoggerFactory.getLogger(SendingProgress.class);
    /** An alert still sending with none of its own deliveries open. */
    private static final String FINISHED = """
            a.status = 'SENDING' and a.planned_at is not null and not exists (select 1 from delivery d
              where d.alert_id = a.id and d.purpose = 'ALERT' and d.status in ('QUEUED', 'RETRYING'))""";

    private final JdbcClient jdbc;
    private final AlertService alerts;
    private final TransactionTemplate ownTransaction;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "sending-progress");
        thread.setDaemon(true);
        return thread;
    });
    /** Alerts with a check asked for and not yet begun. */
    private final Set<Long> waiting = ConcurrentHashMap.newKeySet();

    SendingProgress(JdbcClient jdbc, AlertService alerts, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.ownTransaction = new TransactionTemplate(transactions);
    }

    /** Called in the transaction that recorded the outcomes; checks once it has committed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void completeIfDone(Collection<Long> alertIds) {
        Set<Long> ids = new LinkedHashSet<>(alertIds);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                ids.stream().filter(waiting::add).forEach(alertId -> checker.execute(() -> {
                    // a commit after this line asks again; one before it is seen by the check
                    waiting.remove(alertId);
                    checkCommitted(alertId);
                }));
            }
        });
    }

    @PreDestroy
    void stop() {
        checker.shutdownNow(); // checks not yet run are the claim sweep's
    }

    private void checkCommitted(long alertId) {
        try {
            ownTransaction.executeWithoutResult(status -> {
                if (jdbc.sql("select count(*) from alert a where a.id = :alertId and " + FINISHED)
                        .param("alertId", alertId).query(Integer.class).single() > 0) {
                    alerts.finishSending(alertId);
                }
            });
        } catch (RuntimeException e) {
            // the outcomes are committed; the claim sweep finishes the alert if this was its last chance
            log.warn("Could not check whether alert {} has finished sending: {}", alertId, e.toString());
        }
    }

    /**
     * Alerts left SENDING with nothing open, as a process killed between recording an alert's last outcome and the
     * check after it leaves them: SENT now.
     *
     * @return how many
     */
    @Transactional
    public int finishStranded() {
        List<Long> stranded = jdbc.sql("select a.id from alert a where " + FINISHED).query(Long.class).list();
        return (int) stranded.stream().filter(alerts::finishSending).count();
    }
}
