package org.safeguarding.hub.chase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.chase.ChaseStep.FIRST_REMINDER;
import static org.safeguarding.hub.chase.ChaseStep.LA_ESCALATION;
import static org.safeguarding.hub.chase.ChaseStep.SECOND_REMINDER;

import jakarta.validation.Validation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.support.TestHubProperties;
import org.safeguarding.hub.system.HubProperties;

/** The ladder's timing, from the hub.chase.* settings as Spring Boot binds them: defaults, spacing, quiet hours. */
class ChaseLadderTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");

    final ChaseLadder defaults = new ChaseLadder(TestHubProperties.with());

    @Test
    void everySeverityButMinorClimbsToTheLocalAuthorityAndMinorStopsAtOneReminder() {
        assertThat(defaults.steps(Severity.EXTREME)).containsExactly(FIRST_REMINDER, SECOND_REMINDER, LA_ESCALATION);
        assertThat(defaults.steps(Severity.SEVERE)).containsExactly(FIRST_REMINDER, SECOND_REMINDER, LA_ESCALATION);
        assertThat(defaults.steps(Severity.MODERATE)).containsExactly(FIRST_REMINDER, SECOND_REMINDER, LA_ESCALATION);
        assertThat(defaults.steps(Severity.MINOR)).containsExactly(FIRST_REMINDER);
    }

    @Test
    void atThreeInTheMorningAnExtremeAlertIsChasedAndASevereOneWaitsForTheEndOfQuietHours() {
        Instant deadline = london("2031-01-15T03:00");
        assertThat(defaults.due(Severity.EXTREME, deadline, FIRST_REMINDER, null)).isEqualTo(deadline);
        assertThat(defaults.due(Severity.EXTREME, deadline, SECOND_REMINDER, deadline)).isEqualTo(london("2031-01-15T03:30"));
        assertThat(defaults.due(Severity.EXTREME, deadline, LA_ESCALATION, london("2031-01-15T03:30")))
                .isEqualTo(london("2031-01-15T04:00"));

        assertThat(defaults.due(Severity.SEVERE, deadline, FIRST_REMINDER, null)).isEqualTo(london("2031-01-15T07:00"));
        // two hours after the deadline would be 05:00: two hours after the held reminder went instead
        assertThat(defaults.due(Severity.SEVERE, deadline, SECOND_REMINDER, london("2031-01-15T07:00")))
                .isEqualTo(london("2031-01-15T09:00"));
    }

    @Test
    void aStepHeldByADownHubDoesNotBringTheNextOneForward() {
        Instant deadline = london("2031-06-10T10:00");
        Instant lateFirstReminder = london("2031-06-10T11:40");
        assertThat(defaults.due(Severity.SEVERE, deadline, SECOND_REMINDER, lateFirstReminder))
                .isEqualTo(london("2031-06-10T13:40"));
        assertThat(defaults.due(Severity.SEVERE, deadline, SECOND_REMINDER, deadline)).isEqualTo(london("2031-06-10T12:00"));
    }

    @Test
    void quietHoursAreInTheHubsTimeZoneAcrossMidnightAndSummerTime() {
        assertThat(defaults.outsideQuietHours(london("2031-07-01T19:59"))).isEqualTo(london("2031-07-01T19:59"));
        assertThat(defaults.outsideQuietHours(london("2031-07-01T20:00"))).isEqualTo(london("2031-07-02T07:00"));
        assertThat(defaults.outsideQuietHours(london("2031-07-01T23:30"))).isEqualTo(london("2031-07-02T07:00"));
        assertThat(defaults.outsideQuietHours(london("2031-07-02T06:59"))).isEqualTo(london("2031-07-02T07:00"));
        assertThat(defaults.outsideQuietHours(london("2031-07-02T07:00"))).isEqualTo(london("2031-07-02T07:00"));
        // 07:00 in London in July is 06:00 UTC
        assertThat(london("2031-07-02T07:00")).isEqualTo(Instant.parse("2031-07-02T06:00:00Z"));
    }

    @Test
    void quietHoursAndEachStepAreSettingsAndAStepLeftUnsetKeepsItsDefault() {
        HubProperties hub = TestHubProperties.with("chase.quiet-hours.start", "22:30", "chase.quiet-hours.end", "06:15",
                "chase.severe.second-reminder", "3h", "chase.minor.steps", "0");
        ChaseLadder ladder = new ChaseLadder(hub);
        assertThat(hub.chase().severe().afterDeadline())
                .containsExactly(Duration.ZERO, Duration.ofHours(3), Duration.ofHours(4));
        assertThat(ladder.steps(Severity.MINOR)).isEmpty();
        assertThat(ladder.outsideQuietHours(london("2031-01-15T22:00"))).isEqualTo(london("2031-01-15T22:00"));
        assertThat(ladder.outsideQuietHours(london("2031-01-15T22:30"))).isEqualTo(london("2031-01-16T06:15"));
        HubProperties none = TestHubProperties.with("chase.quiet-hours.start", "00:00", "chase.quiet-hours.end", "00:00");
        assertThat(new ChaseLadder(none).outsideQuietHours(london("2031-01-15T03:00"))).isEqualTo(london("2031-01-15T03:00"));
    }

    @Test
    void aLadderWhoseStepsAreOutOfOrderIsRefused() {
        HubProperties hub = TestHubProperties.with("chase.extreme.second-reminder", "2h", "chase.extreme.escalation", "1h");
        try (var validators = Validation.buildDefaultValidatorFactory()) {
            assertThat(validators.getValidator().validate(hub))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactly("chase.extreme.inOrder");
        }
    }

    static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }
}
