package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.alert.Category;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.directory.Targeting;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.email.EmailOutcome;
import org.safeguarding.hub.routes.email.OutgoingEmail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alert becomes SENT when its last deliveries are recorded by two consumers at the same moment: neither may
 * count the other's delivery, not yet committed, as still open. The ledger is driven directly, without routes, so
 * the two transactions can be interleaved exactly.
 */
@SpringBootTest(properties = "camel.main.java-routes-include-pattern=org/safeguarding/hub/delivery/EmailDeliveryCompletionTest*")
@ActiveProfiles("test")
class EmailDeliveryCompletionTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    AlertService alerts;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    EmailDeliveryService emails;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theLastTwoDeliveriesRecordedTogetherMakeTheAlertSent() throws Exception {
        TestSchools.importInto(context, "803", 8_030_001, 1);
        long alertId = approvedAlertFor("803");
        assertThat(ledger.plan(alertId)).isEqualTo(2);
        List<Long> queued = jdbc.sql("select id from delivery where alert_id = :id and status = 'QUEUED' order by id")
                .param("id", alertId).query(Long.class).list();

        CountDownLatch firstRecorded = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() ->
                new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    recordSent(queued.get(0));
                    firstRecorded.countDown();
                    awaitLatch(commitFirst);
                }));
        assertThat(firstRecorded.await(20, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> recordSent(queued.get(1)));
        // the second has recorded its delivery, or is waiting for the first: either way, let the first commit
        await().atMost(Duration.ofSeconds(20)).until(() -> second.isDone() || someoneWaitsForALock());
        commitFirst.countDown();
        first.get(20, TimeUnit.SECONDS);
        second.get(20, TimeUnit.SECONDS);

        assertThat(jdbc.sql("select count(*) from delivery where alert_id = :id and status = 'SENT'")
                .param("id", alertId).query(Integer.class).single()).isEqualTo(2);
        // checked after each commit, on the progress thread: whichever commits last sees both (well before the claim
        // sweep's first run, a minute after start)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(alerts.get(alertId).status()).isEqualTo(AlertStatus.SENT));
    }

    private void recordSent(long deliveryId) {
        List<OutgoingEmail> prepared = emails.prepare(new DeliveryBatch(List.of(deliveryId)), "message-" + deliveryId);
        assertThat(prepared).hasSize(1);
        emails.record(List.of(new EmailOutcome(prepared.get(0), EmailOutcome.Fate.SENT, null)));
    }

    private boolean someoneWaitsForALock() {
        return jdbc.sql("select count(*) from information_schema.sessions where blocker_id is not null")
                .query(Integer.class).single() > 0;
    }

    private long approvedAlertFor(String laCode) {
        AccountRepository accounts = context.getBean(AccountRepository.class);
        PasswordEncoder passwords = context.getBean(PasswordEncoder.class);
        String raiser = TestAccounts.ensure(accounts, passwords, HubApi.RAISER, Role.RAISER);
        String approver = TestAccounts.ensure(accounts, passwords, HubApi.APPROVER, Role.APPROVER);
        OffsetDateTime now = OffsetDateTime.now();
        Alert raised = alerts.raise(new AlertContent("Completion", "What happened", "What to do", null, Severity.SEVERE,
                Category.ONLINE_SAFETY, new Targeting(List.of(laCode), null, null, null, null), Set.of(Channel.EMAIL),
                now.plusHours(8), now.plusDays(14), false), raiser, true);
        return alerts.approve(raised.id(), approver).id();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
