package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.safeguarding.hub.delivery.mis.MisReceiver.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The MIS channel on a real PostgreSQL: endpoints imported, an alert delivered with a retry, a signed acknowledgement
 * recorded once (its replay nothing), and the chase's first reminder to the silent school's MIS.
 */
@DirtiesContext
class MisPostgresTest extends MisTestBase implements OnRealPostgres {

    @Test
    void deliveredRetriedAcknowledgedAndRemindedOnPostgres() throws Exception {
        TestSchools.importInto(context, "891", 8_910_001, 2);
        long flaky = 8_910_001;
        long acknowledges = 8_910_002;
        RECEIVER.register(context, List.of(flaky, acknowledges));
        RECEIVER.answersInTurn(flaky, status(503), status(200));
        RECEIVER.answers(acknowledges, status(200));
        Map<String, Object> alert = misAlert("891", "On PostgreSQL");
        alert.put("severity", "EXTREME");
        alert.put("ackDeadline", OffsetDateTime.now().plusSeconds(8).toString());
        JsonNode approved = api.raiseAndApprove(alert);
        long alertId = approved.get("id").asLong();
        String reference = approved.get("reference").asText();
        awaitSent(alertId);
        assertThat(row(alertId, flaky).get("attempts").asInt()).isEqualTo(2);
        assertThat(row(alertId, flaky).get("status").asText()).isEqualTo("DELIVERED");

        long now = java.time.Instant.now().getEpochSecond();
        assertThat(post(ack(acknowledges, reference), RECEIVER.secret(acknowledges), "ack_pg", now).statusCode())
                .isEqualTo(200);
        assertThat(json.readTree(post(ack(acknowledges, reference), RECEIVER.secret(acknowledges), "ack_pg", now)
                .body()).get("replayed").asBoolean()).isTrue();
        assertThat(row(alertId, acknowledges).get("via").asText()).isEqualTo("MIS");

        await().atMost(PATIENCE).until(() -> RECEIVER.receivedBy(flaky).size() == 3);
        assertThat(RECEIVER.receivedBy(flaky).get(2).payload().get("type").asText()).isEqualTo("alert.reminder");
        assertThat(RECEIVER.receivedBy(acknowledges)).hasSize(1);
    }
}
