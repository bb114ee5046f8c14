package org.safeguarding.hub.acknowledgement;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.csrfField;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.delivery.DeliveryLedger;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On PostgreSQL an acknowledgement's foreign key check locks its alert's row (KEY SHARE), and the planner holds that
 * row through each chunk of its plan: schools that confirm while their alert's 22,000-school plan is written must not
 * wait for every chunk (the fan-out benchmark saw confirmations take 75 ms on average at the database, queued so).
 * The clock is in 2036, so that this alert's reference is none of those other contexts sent into the shared GreenMail.
 */
@DirtiesContext
class AcknowledgementDuringPlanningPostgresTest extends AcknowledgementTestBase implements OnRealPostgres {

    static final Instant RAISED = Instant.parse("2036-03-02T10:00:00Z");

    @Test
    void aSchoolConfirmsWhileAChunkOfItsAlertsPlanHoldsTheAlert() throws Exception {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL ");
        CLOCK.set(RAISED);
        TestSchools schools = TestSchools.importInto(context, "851", 8_510_001, 1);
        Map<String, Object> alert = HubApi.alert(schools.laCode(), "Confirmed mid-plan", "pupils shared a video",
                false);
        alert.put("ackDeadline", RAISED.plus(Duration.ofHours(4)).toString());
        alert.put("expires", RAISED.plus(Duration.ofDays(14)).toString());
        SentAlerts.Sent sent = alerts.send(schools, alert);
        String path = "/ack/" + sent.token(sent.firstUrn());
        String csrf = csrfField(browser.get(path).body());

        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        ExecutorService planner = Executors.newSingleThreadExecutor();
        Future<?> chunk = planner.submit(() -> transaction.executeWithoutResult(status -> {
            // the planner's lock on the alert's row, held as a chunk of planning holds it (the alert is sent, so
            // there is nothing left to plan: the lock is all this chunk does)
            context.getBean(DeliveryLedger.class).planChunk(sent.id(), 0, 500);
            holding.countDown();
            try {
                release.await(60, SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(holding.await(30, SECONDS)).as("the planner holds the alert's row").isTrue();
            CompletableFuture<Integer> confirmed = CompletableFuture.supplyAsync(() -> browser.postForm(path,
                    form(csrf, "Dana Lead", "Designated safeguarding lead", "")).statusCode());
            assertThat(confirmed.get(10, SECONDS)).as("confirmed while the chunk is still open").isEqualTo(302);
            assertThat(acknowledgements(sent.id())).isOne();
        } finally {
            release.countDown();
            chunk.get(30, SECONDS);
            planner.shutdown();
        }
    }
}
