package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordingTest {

    @Test
    void theNounAgreesWithTheWholeAndTheVerbWithThePart() {
        assertThat(Wording.partOf(1, 73, "school", "schools", "confirmed")).isEqualTo("1 of 73 schools has confirmed");
        assertThat(Wording.partOf(2, 73, "school", "schools", "confirmed")).isEqualTo("2 of 73 schools have confirmed");
        assertThat(Wording.partOf(0, 73, "school", "schools", "confirmed")).isEqualTo("0 of 73 schools have confirmed");
        assertThat(Wording.partOf(0, 1, "school", "schools", "confirmed")).isEqualTo("0 of 1 school has confirmed");
        assertThat(Wording.partOf(1, 1, "school", "schools", "confirmed")).isEqualTo("1 of 1 school has confirmed");
    }

    @Test
    void aCountTakesItsNounInItsNumber() {
        assertThat(Wording.count(1, "school", "schools")).isEqualTo("1 school");
        assertThat(Wording.count(0, "school", "schools")).isEqualTo("0 schools");
        assertThat(Wording.count(22_000, "school", "schools")).isEqualTo("22000 schools");
    }
}
