package org.safeguarding.hub.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertFixtures;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.routes.approval.ApprovalNotices;
import org.safeguarding.hub.support.MovableClock;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * On a real PostgreSQL, two claims of the same period's reminder at once (as two hub instances' reminder routes
 * make them): one writes the reminder, the other writes nothing. The routes' own timers are held off.
 */
@SpringBootTest(properties = {
        "hub.alerts.reference-prefix=APNPG",
        "hub.alerts.approval-reminder-check-interval=3600000",
        "hub.approval-notices.poll-interval=3600000"})
@ActiveProfiles("test")
@DirtiesContext
class ApprovalReminderPostgresTest implements OnRealPostgres {

    static final MovableClock CLOCK = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;

    static Clock movableClock() {
        return CLOCK;
    }

    @Autowired
    AlertService alerts;
    @Autowired
    ApprovalNotices notices;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EstablishmentImport schools;
    @Autowired
    ContactImport contacts;

    @Test
    void twoInstancesClaimingTheSameReminderAtOnceSendItOnce() throws Exception {
        AlertFixtures.importDirectory(schools, contacts);
        accounts.create(new Account("pg-raiser", passwords.encode("pw-pg-raiser"), "Raiser", "Police", Role.RAISER,
                true, "pg-raiser@police.example", null));
        for (String chair : List.of("pg-chair-1", "pg-chair-2")) {
            accounts.create(new Account(chair, passwords.encode("pw-" + chair), "Chair", "Partnership", Role.APPROVER,
                    true, chair + "@partnership.example", null));
        }
        var fixture = AlertFixtures.content("Waiting on PostgreSQL", OffsetDateTime.now(CLOCK).withOffsetSameInstant(ZoneOffset.UTC));
        Alert submitted = alerts.raise(new org.safeguarding.hub.alert.AlertContent(fixture.title(), fixture.summary(),
                fixture.adviceForSchools(), null, Severity.EXTREME, fixture.category(), fixture.target(),
                fixture.channels(), fixture.ackDeadline(), fixture.expires(), false), "pg-raiser", true);

        for (int period = 1; period <= 2; period++) {
            CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(16)));
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService instances = Executors.newFixedThreadPool(2);
            try {
                List<CompletableFuture<Integer>> claims = List.of(1, 2).stream()
                        .map(i -> CompletableFuture.supplyAsync(() -> {
                            try {
                                together.await();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            return notices.remindDue();
                        }, instances)).toList();
                int reminded = 0;
                for (CompletableFuture<Integer> claim : claims) {
                    reminded += claim.get();
                }
                assertThat(reminded).as("period " + period + ": one of the two claims wins").isEqualTo(1);
            } finally {
                instances.shutdownNow();
            }
            assertThat(jdbc.sql("select count(*) from approval_notice where alert_id = :id and kind = 'REMINDER'")
                    .param("id", submitted.id()).query(Integer.class).single())
                    .as("one reminder per approver per period").isEqualTo(2 * period);
        }
    }
}
