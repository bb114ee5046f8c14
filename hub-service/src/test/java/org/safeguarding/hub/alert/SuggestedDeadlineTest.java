package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The night a suggested deadline avoids: 22:00 to 07:00 in the hub's time zone moves to 09:00 the next morning. */
class SuggestedDeadlineTest {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    @Test
    void aDeadlineInTheNightMovesToNineTheNextMorning() {
        assertThat(moved("2031-06-02T23:00+01:00")).isEqualTo(at("2031-06-03T09:00+01:00"));
        assertThat(moved("2031-06-02T22:00+01:00")).isEqualTo(at("2031-06-03T09:00+01:00"));
        assertThat(moved("2031-06-03T00:30+01:00")).isEqualTo(at("2031-06-03T09:00+01:00"));
        assertThat(moved("2031-06-03T06:59+01:00")).isEqualTo(at("2031-06-03T09:00+01:00"));
        // in winter London is on GMT: the rule is in local time
        assertThat(moved("2031-12-02T22:30Z")).isEqualTo(at("2031-12-03T09:00Z"));
    }

    @Test
    void aDeadlineInTheDayStays() {
        assertThat(moved("2031-06-03T07:00+01:00")).isEqualTo(at("2031-06-03T07:00+01:00"));
        assertThat(moved("2031-06-03T21:59+01:00")).isEqualTo(at("2031-06-03T21:59+01:00"));
    }

    private static OffsetDateTime moved(String deadline) {
        return AlertService.outsideTheNight(at(deadline), UK).withOffsetSameInstant(at(deadline).getOffset());
    }

    private static OffsetDateTime at(String text) {
        return OffsetDateTime.parse(text);
    }
}
