package org.safeguarding.hub.routes.sms;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import uk.gov.service.notify.NotificationClient;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.TimedNotificationClient;

/**
 * Sends texts with GOV.UK Notify's official client to {@code {base-url}/v2/notifications/sms}, through a template
 * whose body is {@code ((body))}: the words are the hub's. The client is made on first use, because the embedded
 * default's simulator is on the hub's own port, known only once the web server has started.
 */
public class NotifySender {

    private final Supplier<String> baseUrl;
    private final String apiKey;
    private final String templateId;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private volatile NotificationClient client;

    public NotifySender(Supplier<String> baseUrl, String apiKey, String templateId, Duration connectTimeout,
            Duration readTimeout) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.templateId = templateId;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** @return Notify's notification id */
    public String send(OutgoingText text) throws NotifyFailure {
        return send(text.mobile(), text.body(), text.reference());
    }

    /**
     * @param reference the hub's own reference Notify echoes in receipts; one not starting
     *        {@link OutgoingText#REFERENCE_PREFIX} is no school's text
     * @return Notify's notification id
     */
    public String send(String mobile, String body, String reference) throws NotifyFailure {
        try {
            return client().sendSms(templateId, mobile, Map.of("body", body), reference)
                    .getNotificationId().toString();
        } catch (NotificationClientException e) {
            throw NotifyFailure.of(e);
        }
    }

    /** Notify's status of a notification it accepted, e.g. "delivered", "permanent-failure", "sending". */
    public String status(String notificationId) throws NotifyFailure {
        try {
            return client().getNotificationById(notificationId).getStatus();
        } catch (NotificationClientException e) {
            throw NotifyFailure.of(e);
        }
    }

    private NotificationClient client() {
        NotificationClient made = client;
        if (made == null) {
            synchronized (this) {
                if (client == null) {
                    client = new TimedNotificationClient(apiKey, baseUrl.get(), connectTimeout, readTimeout);
                }
                made = client;
            }
        }
        return made;
    }
}
