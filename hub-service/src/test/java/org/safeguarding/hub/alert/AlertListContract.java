package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.system.Paging;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The alerts list's SQL, run by a subclass per database (H2 in PostgreSQL mode, real PostgreSQL). Its alerts are
 * written straight to the table with the times and states wanted, every title carrying a word of this class's own,
 * so other tests' alerts in a shared database never count.
 */
abstract class AlertListContract {

    static final String WORD = "Listcheck";
    static final String VIEWER = "list-viewer";
    static final String OTHER = "list-other";
    static final int BULK = 30;
    private static final ZoneId UK = ZoneId.of("Europe/London");

    @Autowired
    AlertList list;
    @Autowired
    AlertRepository repository;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    JdbcClient jdbc;

    /** The references of the alerts written below, by what they show. */
    static String updated;
    static String cancelled;
    static String awaiting;
    static String ownDraft;
    static String othersDraft;

    @BeforeEach
    void alerts() {
        TestAccounts.ensure(accounts, passwords, VIEWER, Role.RAISER);
        TestAccounts.ensure(accounts, passwords, OTHER, Role.RAISER);
        if (jdbc.sql("select count(*) from alert where title like :t").param("t", WORD + "%").query(Integer.class)
                .single() > 0) {
            return;
        }
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        // sent, then updated twice: the first update is out, the second awaits approval
        updated = alert("LA-" + run + "-1", WORD + " video-chat coercion", Severity.SEVERE, AlertStatus.SENT,
                "Alert", null, VIEWER, at(2026, 3, 1));
        long updatedId = id(updated);
        alert(updated + "-U1", WORD + " video-chat coercion: now gaming sites too", Severity.EXTREME,
                AlertStatus.SENT, "Update", updatedId, VIEWER, at(2026, 3, 2));
        alert(updated + "-U2", WORD + " video-chat coercion: a third site", Severity.EXTREME,
                AlertStatus.AWAITING_APPROVAL, "Update", updatedId, VIEWER, at(2026, 3, 3));
        // sent, then cancelled: the original is CANCELLED and a Cancel message told the schools
        cancelled = alert("LA-" + run + "-2", WORD + " stranger at the school gate", Severity.MODERATE,
                AlertStatus.CANCELLED, "Alert", null, OTHER, at(2026, 3, 4));
        alert(cancelled + "-C", WORD + " stranger at the school gate", Severity.MODERATE, AlertStatus.SENT, "Cancel",
                id(cancelled), OTHER, at(2026, 3, 5));
        awaiting = alert("LA-" + run + "-3", WORD + " phishing_email to parents", Severity.MINOR,
                AlertStatus.AWAITING_APPROVAL, "Alert", null, OTHER, at(2026, 3, 10));
        ownDraft = alert("LA-" + run + "-4", WORD + " my own draft", Severity.MINOR, AlertStatus.DRAFT, "Alert", null,
                VIEWER, at(2026, 3, 11));
        othersDraft = alert("LA-" + run + "-5", WORD + " someone else's draft", Severity.MINOR, AlertStatus.DRAFT,
                "Alert", null, OTHER, at(2026, 3, 12));
        for (int i = 1; i <= BULK; i++) {
            alert("LA-" + run + "-B" + i, WORD + " bulk " + i, Severity.MINOR, AlertStatus.SENT, "Alert", null, OTHER,
                    at(2026, 2, 1).plusHours(i));
        }
    }

    @Test
    void eachAlertIsOneRowWithItsLatestState() {
        List<AlertList.Row> rows = all(query(WORD, null, null, null, null, AlertList.Sort.NEWEST));

        assertThat(rows).extracting(AlertList.Row::reference).doesNotHaveDuplicates()
                .contains(updated, cancelled, awaiting, ownDraft)
                .as("follow-ups are not rows of their own").noneMatch(r -> r.endsWith("-U1") || r.endsWith("-U2")
                        || r.endsWith("-C"))
                .as("nobody else's draft").doesNotContain(othersDraft);
        assertThat(rows).hasSize(4 + BULK);

        AlertList.Row update = row(rows, updated);
        assertThat(update.state()).isEqualTo(AlertList.State.UPDATED);
        assertThat(update.title()).as("what schools were told last").isEqualTo(WORD + " video-chat coercion: now gaming sites too");
        assertThat(update.severity()).isEqualTo(Severity.EXTREME);
        assertThat(update.latestReference()).isEqualTo(updated + "-U1");
        assertThat(update.updatePending()).isTrue();

        AlertList.Row cancel = row(rows, cancelled);
        assertThat(cancel.state()).isEqualTo(AlertList.State.CANCELLED);
        assertThat(cancel.latestReference()).isEqualTo(cancelled + "-C");
        assertThat(row(rows, awaiting).state()).isEqualTo(AlertList.State.AWAITING_APPROVAL);
        assertThat(row(rows, ownDraft).state()).isEqualTo(AlertList.State.DRAFT);

        assertThat(rows.get(0).reference()).as("newest first").isEqualTo(ownDraft);
        assertThat(rows.get(rows.size() - 1).title()).isEqualTo(WORD + " bulk 1");
    }

    @Test
    void searchFindsReferencesAndTitlesOfTheAlertAndItsFollowUps() {
        assertThat(references(query(updated.toLowerCase(), null, null, null, null, null))).containsExactly(updated);
        assertThat(references(query(updated + "-U2", null, null, null, null, null))).containsExactly(updated);
        assertThat(references(query("GAMING SITES", null, null, null, null, null))).containsExactly(updated);
        assertThat(references(query(WORD + " phishing_email", null, null, null, null, null))).containsExactly(awaiting);
        assertThat(references(query(WORD + " video_chat", null, null, null, null, null)))
                .as("_ and %% are the characters typed, not wildcards").isEmpty();
        assertThat(references(query(WORD + "%gate", null, null, null, null, null))).isEmpty();
    }

    @Test
    void filtersByStateSeverityAndDateRaised() {
        assertThat(references(query(WORD, AlertList.State.UPDATED, null, null, null, null))).containsExactly(updated);
        assertThat(references(query(WORD, AlertList.State.CANCELLED, null, null, null, null))).containsExactly(cancelled);
        assertThat(references(query(WORD, AlertList.State.SENT, null, null, null, null))).hasSize(BULK);
        assertThat(references(query(WORD, null, Severity.EXTREME, null, null, null)))
                .as("the severity in force, after the update").containsExactly(updated);
        assertThat(references(query(WORD, null, Severity.SEVERE, null, null, null))).isEmpty();

        // 4 to 10 March, whole days in the hub's zone
        assertThat(references(query(WORD, null, null, day(2026, 3, 4), day(2026, 3, 11), null)))
                .containsExactlyInAnyOrder(cancelled, awaiting);
        assertThat(references(query(WORD, null, null, day(2026, 3, 11), null, null))).containsExactly(ownDraft);
        assertThat(references(query(WORD, null, null, null, day(2026, 2, 3), null))).hasSize(BULK);
    }

    @Test
    void sortsBySeverityThenNewest() {
        List<String> references = references(query(WORD, null, null, null, null, AlertList.Sort.SEVERITY));
        assertThat(references.subList(0, 2)).containsExactly(updated, cancelled);
        assertThat(references.get(2)).isEqualTo(ownDraft);
        List<String> oldest = references(query(WORD, null, null, null, null, AlertList.Sort.OLDEST));
        assertThat(oldest.get(oldest.size() - 1)).isEqualTo(ownDraft);
    }

    @Test
    void pagesHoldEveryRowOnce() {
        AlertList.Query query = query(WORD, null, null, null, null, null);
        long total = list.count(query);
        assertThat(total).isEqualTo(4 + BULK);
        Paging first = Paging.of(1, total, AlertList.PAGE_SIZE);
        Paging second = Paging.of(2, total, AlertList.PAGE_SIZE);
        assertThat(first.pages()).isEqualTo(2);
        List<AlertList.Row> one = list.find(query, first);
        List<AlertList.Row> two = list.find(query, second);
        assertThat(one).hasSize(AlertList.PAGE_SIZE);
        assertThat(two).hasSize((int) total - AlertList.PAGE_SIZE);
        List<String> both = new ArrayList<>(one.stream().map(AlertList.Row::reference).toList());
        both.addAll(two.stream().map(AlertList.Row::reference).toList());
        assertThat(both).doesNotHaveDuplicates().hasSize((int) total);
        assertThat(Paging.of(9, total, AlertList.PAGE_SIZE).page()).as("past the end is the last page").isEqualTo(2);
    }

    @Test
    void aRaisersListKeepsToTheirOrganisation() {
        AlertList.Query everyone = query(WORD, null, null, null, null, null);
        AlertList.Query ours = new AlertList.Query(WORD, null, null, null, null, null, VIEWER, "Test organisation");
        AlertList.Query theirs = new AlertList.Query(WORD, null, null, null, null, null, VIEWER, "Another force");
        assertThat(list.count(ours)).isEqualTo(list.count(everyone)).isPositive();
        assertThat(list.count(theirs)).isZero();
        assertThat(list.find(theirs, Paging.of(1, 1000, 1000))).isEmpty();
    }

    static AlertList.Query query(String text, AlertList.State state, Severity severity, OffsetDateTime from,
            OffsetDateTime before, AlertList.Sort sort) {
        return new AlertList.Query(text, state, severity, from, before, sort, VIEWER, null);
    }

    private List<AlertList.Row> all(AlertList.Query query) {
        return list.find(query, Paging.of(1, 1000, 1000));
    }

    private List<String> references(AlertList.Query query) {
        return all(query).stream().map(AlertList.Row::reference).toList();
    }

    private static AlertList.Row row(List<AlertList.Row> rows, String reference) {
        return rows.stream().filter(r -> r.reference().equals(reference)).findFirst().orElseThrow();
    }

    private String alert(String reference, String title, Severity severity, AlertStatus status, String msgType,
            Long references, String raisedBy, OffsetDateTime at) {
        AlertContent base = AlertFixtures.content(title, at);
        AlertContent content = new AlertContent(title, base.summary(), base.adviceForSchools(), null, severity,
                base.category(), base.target(), base.channels(), base.ackDeadline(), base.expires(), false);
        repository.insert(reference, UUID.randomUUID().toString(), status, msgType, references, content, raisedBy,
                "Test organisation", at);
        return reference;
    }

    private long id(String reference) {
        return jdbc.sql("select id from alert where reference = :r").param("r", reference).query(Long.class).single();
    }

    private static OffsetDateTime at(int year, int month, int day) {
        return OffsetDateTime.of(year, month, day, 10, 0, 0, 0, ZoneOffset.UTC);
    }

    private static OffsetDateTime day(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(UK).toOffsetDateTime();
    }
}
