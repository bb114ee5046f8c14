package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.acknowledgement.Resolutions;
import org.safeguarding.hub.delivery.TestSchools;

/**
 * The all-clear on the MIS channel: the contract's types stay as they are, so it goes as alert.updated with the
 * additive {@code responseType: "AllClear"}, no acknowledgement link, and passes the vendor guide's schema; an MIS
 * acknowledgement of it is refused as nothing to acknowledge.
 */
class MisAllClearTest extends MisTestBase {

    @Test
    void theAllClearGoesAsAlertUpdatedWithResponseTypeAndNoAcknowledgeUrl() throws Exception {
        TestSchools.importInto(context, "938", 9_380_001, 1);
        long urn = 9_380_001;
        RECEIVER.register(context, List.of(urn));
        JsonNode alert = api.raiseAndApprove(misAlert("938", "Resolved on the MIS"));
        long alertId = alert.get("id").asLong();
        awaitSent(alertId);

        JsonNode resolved = new Resolutions(context, api).resolveAndApprove(alertId, "The site is down. All clear.");
        List<MisReceiver.Received> received = RECEIVER.receivedBy(urn);
        assertThat(received).hasSize(2);
        MisReceiver.Received first = received.get(0);
        MisReceiver.Received allClear = received.get(1);
        assertThat(first.payload().get("data").has("responseType")).as("an alert carries none").isFalse();
        assertThat(allClear.payload().get("type").asText()).isEqualTo("alert.updated");
        JsonNode data = allClear.payload().get("data");
        assertThat(data.get("reference").asText()).isEqualTo(resolved.get("reference").asText())
                .isEqualTo(alert.get("reference").asText() + "-R");
        assertThat(data.get("msgType").asText()).isEqualTo("Update");
        assertThat(data.get("responseType").asText()).isEqualTo("AllClear");
        assertThat(data.get("summary").asText()).isEqualTo("The site is down. All clear.");
        assertThat(data.has("acknowledgeUrl")).isFalse();
        MisWebhookSchema.assertValid(first.body());
        MisWebhookSchema.assertValid(allClear.body());
        assertThat(MisWebhookSchema.accepts(allClear.body().replace("\"alert.updated\"", "\"alert.issued\"")))
                .as("the schema holds an all-clear to alert.updated").isFalse();

        assertThat(signedBySchool(urn, ack(urn, data.get("reference").asText())).statusCode())
                .as("an all-clear asks for no acknowledgement").isEqualTo(409);
    }
}
