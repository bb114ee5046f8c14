package org.safeguarding.hub.delivery.mis;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Checking a Standard Webhooks signature, as the hub's MIS callback and the demo's simulated MIS both do. */
public final class MisSignatures {

    private static final List<String> HEADERS = List.of("webhook-id", "webhook-timestamp", "webhook-signature");

    private MisSignatures() {
    }

    /**
     * Whether {@code body} is signed with {@code secret} and its timestamp within five minutes of now.
     *
     * @param header a request's header by name, null when absent
     */
    public static boolean verifies(String secret, String body, UnaryOperator<String> header) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : HEADERS) {
            String value = header.apply(name);
            if (value == null || value.length() > 1000) {
                return false;
            }
            headers.put(name, List.of(value));
        }
        try {
            new Webhook(secret).verify(body, headers);
            return true;
        } catch (WebhookVerificationException | RuntimeException e) {
            return false;
        }
    }
}
