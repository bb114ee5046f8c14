package org.safeguarding.hub.delivery.sms;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Notify's delivery receipts ({@code POST /api/v1/sms/receipts}, its callback JSON: id, reference, to, status, …) with
 * {@code Authorization: Bearer <hub.sms.notify.callback-token>}. Notify retries only after a 5xx, 429 or network
 * error, so a receipt the hub cannot take yet gets 503, never 404.
 */
@RestController
class SmsReceiptController {

    private final SmsReceipts receipts;
    private final byte[] expected;

    SmsReceiptController(SmsReceipts receipts, SmsProperties sms) {
        this.receipts = receipts;
        String token = sms.govukNotify().callbackToken();
        this.expected = token == null || token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(path = "/api/v1/sms/receipts", consumes = "application/json")
    ResponseEntity<Void> receipt(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody JsonNode receipt) {
        // constant time: how much of a guess was right must not show in how long the answer takes
        if (expected == null || authorization == null
                || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        SmsReceipts.Outcome outcome = receipts.receive(text(receipt, "id"), text(receipt, "reference"),
                text(receipt, "status"));
        return outcome == SmsReceipts.Outcome.RECORDED ? ResponseEntity.ok().build()
                : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
