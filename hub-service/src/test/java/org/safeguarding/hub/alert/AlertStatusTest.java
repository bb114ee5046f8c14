package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alert state machine, against a table written here from DESIGN's flow (raise → approve → send; reject and
 * revise; edit before approval goes back to draft; anything not cancelled can be cancelled), not from the code.
 */
class AlertStatusTest {

    /** Row: from; column: to. 'x' allowed, '.' not. Columns in the order of {@link #COLUMNS}. */
    private static final List<String> COLUMNS = List.of(
            "DRAFT", "AWAITING_APPROVAL", "APPROVED", "SENDING", "SENT", "REJECTED", "CANCELLED");
    private static final String TABLE = """
            DRAFT              . x . . . . x
            AWAITING_APPROVAL  x . x . . x x
            APPROVED           . . . x . . x
            SENDING            . . . . x . x
            SENT               . . . x . . x
            REJECTED           x x . . . . x
            CANCELLED          . . . . . . .
            """;

    private static final Map<AlertStatus, EnumSet<AlertStatus>> EXPECTED = parse(TABLE);

    private static Map<AlertStatus, EnumSet<AlertStatus>> parse(String table) {
        Map<AlertStatus, EnumSet<AlertStatus>> allowed = new HashMap<>();
        table.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(line -> {
            String[] cells = line.split("\\s+");
            EnumSet<AlertStatus> to = EnumSet.noneOf(AlertStatus.class);
            for (int i = 1; i < cells.length; i++) {
                if (cells[i].equals("x")) {
                    to.add(AlertStatus.valueOf(COLUMNS.get(i - 1)));
                }
            }
            allowed.put(AlertStatus.valueOf(cells[0]), to);
        });
        return allowed;
    }

    static Stream<Arguments> everyPair() {
        return Stream.of(AlertStatus.values())
                .flatMap(from -> Stream.of(AlertStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @Test
    void theTableCoversEveryStatus() {
        assertThat(COLUMNS).containsExactlyInAnyOrderElementsOf(Stream.of(AlertStatus.values()).map(Enum::name).toList());
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(AlertStatus.values());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void eachTransitionIsAllowedExactlyAsTheTableSays(AlertStatus from, AlertStatus to) {
        boolean allowed = EXPECTED.get(from).contains(to);

        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
        if (allowed) {
            assertThatCode(() -> from.check(to, "moved on")).doesNotThrowAnyException();
        } else {
            String status = from.name().toLowerCase().replace('_', ' ');
            assertThatThrownBy(() -> from.check(to, "moved on"))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("An alert that is " + status + " cannot be moved on");
        }
    }

    @Test
    void contentCanChangeOnlyBeforeApproval() {
        assertThat(EnumSet.allOf(AlertStatus.class).stream().filter(AlertStatus::editable))
                .containsExactlyInAnyOrder(AlertStatus.DRAFT, AlertStatus.AWAITING_APPROVAL, AlertStatus.REJECTED);
    }
}
