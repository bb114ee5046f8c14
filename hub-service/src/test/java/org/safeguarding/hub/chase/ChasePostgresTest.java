package org.safeguarding.hub.chase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.acknowledgement.AcknowledgementTestBase;
import org.safeguarding.hub.acknowledgement.SentAlerts.Sent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.delivery.sms.SmsTexts;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.routes.fanout.DeliveryDispatcher;
import org.safeguarding.hub.routes.fanout.DeliveryOrder;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two hub instances chasing on one real PostgreSQL: the hub's own chase (its service, and its chase-queue route) and a
 * second chase service with a connection pool of its own, as a second replica has. At each step of an EXTREME ladder
 * both take the due steps at the same moment from two threads, then both queue what was written. Each step of each
 * alert is taken once, each silent school gets one reminder per step, each LA address one digest, each emailed once.
 */
@TestPropertySource(properties = "hub.chase.poll-interval=3600000") // the test runs both instances' chase itself
@DirtiesContext
class ChasePostgresTest extends AcknowledgementTestBase implements OnRealPostgres {

    static final int ALERTS = 5;
    /** Per alert: four schools with leads, one with only a head, one with no email contact; all silent. */
    static final int SILENT = 6;

    @Autowired
    ChaseService hub;
    @Autowired
    ChaseLadder ladder;
    @Autowired
    DeliveryDispatcher dispatcher;
    @Autowired
    ProducerTemplate camel;

    @Test
    void twoHubInstancesRacingTheSameDueStepsTakeEachStepOnceAndEmailEachReminderOnce() throws Exception {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL ");
        ChasedAlerts chase = new ChasedAlerts(context, SMTP, alerts);
        CLOCK.set(Instant.parse("2031-03-03T09:00:00Z"));
        Instant deadline = Instant.parse("2031-03-03T11:00:00Z");
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            String lado = lado(i);
            TestSchools schools = TestSchools.importInto(context, "95" + i, 9_500_001 + i * 100L, 4,
                    urn -> List.of("LA_SAFEGUARDING,Lee Ado," + lado + ","));
            sent.add(chase.send(schools, "EXTREME", deadline, false));
        }

        try (HikariDataSource otherPool = secondPool()) {
            JdbcClient otherJdbc = JdbcClient.create(otherPool);
            TransactionTemplate otherTransactions = new TransactionTemplate(new DataSourceTransactionManager(otherPool));
            ChaseService otherHub = new ChaseService(otherJdbc, otherTransactions, ladder, new AuditTrail(otherJdbc, CLOCK),
                    CLOCK, context.getBean(SmsTexts.class));
            for (Duration afterDeadline : List.of(Duration.ZERO, Duration.ofMinutes(30), Duration.ofHours(1))) {
                CLOCK.set(deadline.plus(afterDeadline));
                List<Integer> chased = race(hub::planDueSteps, otherHub::planDueSteps);
                assertThat(chased.get(0) + chased.get(1)).as("schools chased " + afterDeadline + " after the deadline"
                        + " by the two instances together " + chased).isEqualTo(ALERTS * SILENT);
                race(this::queueThroughTheRoute, () -> queue(otherHub, otherTransactions));
                assertThat(jdbc.sql("""
                        select count(*) from delivery where purpose <> 'ALERT' and status = 'QUEUED' and queued_at is null""")
                        .query(Integer.class).single()).as("reminders left off the queue").isZero();
                // the email route finishing a step takes each alert's row lock (to see whether it is done), and a
                // chase passes over a locked alert until its next poll: the race here is between the two chases
                await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                        select count(*) from delivery where purpose <> 'ALERT' and status in ('QUEUED', 'RETRYING')""")
                        .query(Integer.class).single() == 0);
            }
        }

        for (int i = 0; i < ALERTS; i++) {
            Sent alert = sent.get(i);
            assertThat(jdbc.sql("select step || ' ' || schools from chase_step where alert_id = :id order by taken_at")
                    .param("id", alert.id()).query(String.class).list())
                    .containsExactly("FIRST_REMINDER 6", "SECOND_REMINDER 6", "LA_ESCALATION 6");
            assertThat(chase.awaitStep(alert.id(), ChaseStep.FIRST_REMINDER, SILENT)).hasSize(SILENT);
            assertThat(chase.awaitStep(alert.id(), ChaseStep.SECOND_REMINDER, SILENT)).hasSize(SILENT);
            assertThat(chase.awaitStep(alert.id(), ChaseStep.LA_ESCALATION, 1)).containsOnlyKeys(lado(i));
            for (ChaseStep step : ChaseStep.values()) {
                Map<Long, SentMail.Email> emails = chase.emails(alert, step);
                assertThat(emails).as(step + " emails of " + alert.reference())
                        .hasSize(step == ChaseStep.LA_ESCALATION ? 1 : SILENT - 1);
                assertThat(emails.values()).allSatisfy(email -> assertThat(email.copies())
                        .as("copies of " + email.messageId() + ": one per recipient").isEqualTo(email.to().size()));
            }
            assertThat(jdbc.sql("""
                    select action from audit_event where subject_type = 'ALERT' and subject_id = :id
                      and action in ('SCHOOLS_REMINDED', 'SCHOOLS_ESCALATED') order by id""")
                    .param("id", Long.toString(alert.id())).query(String.class).list())
                    .containsExactly("SCHOOLS_REMINDED", "SCHOOLS_REMINDED", "SCHOOLS_ESCALATED");
        }

        // whatever the locks did, the database itself refuses a second digest to an address and a step taken twice
        OffsetDateTime now = OffsetDateTime.now(CLOCK);
        assertThatThrownBy(() -> jdbc.sql("""
                insert into delivery (alert_id, channel, purpose, addressee, status, created_at, updated_at)
                values (:id, 'EMAIL', 'LA_ESCALATION', :addressee, 'QUEUED', :now, :now)""")
                .param("id", sent.get(0).id()).param("addressee", lado(0)).param("now", now).update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("""
                insert into chase_step (alert_id, step, taken_at, schools) values (:id, 'FIRST_REMINDER', :now, 0)""")
                .param("id", sent.get(0).id()).param("now", now).update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private static String lado(int la) {
        return "lado@la95" + la + ".example";
    }

    /** The second instance's own pool on the same database, as a second replica has. */
    private HikariDataSource secondPool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(context.getEnvironment().getProperty("spring.datasource.url"));
        pool.setUsername(context.getEnvironment().getProperty("spring.datasource.username"));
        pool.setPassword(context.getEnvironment().getProperty("spring.datasource.password"));
        pool.setMaximumPoolSize(2);
        return pool;
    }

    /** The hub's own way: each batch through its chase-queue route, in a transaction of its own. */
    private int queueThroughTheRoute() {
        hub.unqueuedBatches(500).forEachRemaining(batch -> camel.sendBody("direct:chase-queue", batch));
        return 0;
    }

    /** The second instance's way: what the chase-queue route does, in that instance's own transactions. */
    private int queue(ChaseService otherHub, TransactionTemplate transactions) {
        int queued = 0;
        for (Iterator<List<DeliveryOrder>> batches = otherHub.unqueuedBatches(500); batches.hasNext(); ) {
            List<DeliveryOrder> batch = batches.next();
            queued += transactions.execute(tx -> {
                List<DeliveryOrder> taken = otherHub.take(batch);
                if (!taken.isEmpty()) {
                    try {
                        dispatcher.dispatch(taken);
                    } catch (jakarta.jms.JMSException e) {
                        throw new IllegalStateException(e);
                    }
                    otherHub.queued(taken);
                }
                return taken.size();
            });
        }
        return queued;
    }

    /** Both at once, released together by a barrier; their results in order. */
    private static List<Integer> race(Callable<Integer> one, Callable<Integer> other) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = threads.submit(() -> {
                start.await();
                return one.call();
            });
            Future<Integer> second = threads.submit(() -> {
                start.await();
                return other.call();
            });
            return List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
    }
}
