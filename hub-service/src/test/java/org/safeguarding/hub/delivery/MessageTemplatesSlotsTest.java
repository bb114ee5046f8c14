package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fan-out renders an alert's email once and fills in each school's lines: the result must be exactly what
 * rendering the template for that school gives, escaping included.
 */
class MessageTemplatesSlotsTest {

    private final MessageTemplates templates = new MessageTemplates();

    @ParameterizedTest
    @ValueSource(strings = {"email/alert.html", "email/alert.txt", "email/cancel.html", "email/cancel.txt"})
    void fillingTheSlotsGivesWhatRenderingForTheSchoolGives(String template) {
        Map<String, Object> shared = shared();
        MessageTemplates.Slotted once = templates.renderWithSlots(template, shared,
                Set.of("greeting", "schoolName", "urn", "ackUrl"));
        for (Map<String, String> school : List.of(
                Map.of("greeting", "Ann O'Neil and Bob \"Bobby\" Smith", "schoolName",
                        "St Mary & St John's <C of E> Café", "urn", "100123",
                        "ackUrl", "https://hub.example.org/ack/Zm9v-_YmFy?a=1&b=2"),
                Map.of("greeting", "Head", "schoolName", "Oak Academy", "urn", "142001",
                        "ackUrl", "https://hub.example.org/ack/other"))) {
            Map<String, Object> whole = new HashMap<>(shared);
            whole.putAll(school);
            assertThat(once.fill(school)).isEqualTo(templates.render(template, whole));
        }
        assertThat(once.slots()).as("the school's lines are slots, not rendered in").contains("greeting", "schoolName");
    }

    private static Map<String, Object> shared() {
        Map<String, Object> model = new HashMap<>();
        model.put("update", false);
        model.put("exercise", true);
        model.put("severity", "SEVERE");
        model.put("reference", "WEX-2026-0007");
        model.put("originalReference", "WEX-2026-0007");
        model.put("replacedReference", "WEX-2026-0007");
        model.put("reason", "Sent in error <really> & sorry");
        model.put("title", "Video-chat site: children \"coerced\" & <exposed>");
        model.put("summary", "Police have seen children\non a site.");
        model.put("advice", "Tell parents today & use the letter.");
        model.put("hasParentLetter", true);
        model.put("ackDeadline", "Monday 30 November 2026 at 17:00");
        model.put("partnershipName", "Northshire Safeguarding Children Partnership");
        model.put("subject", "EXERCISE: SEVERE safeguarding alert WEX-2026-0007: Video-chat site");
        return model;
    }
}
