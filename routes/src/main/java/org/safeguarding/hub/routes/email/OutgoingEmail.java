package org.safeguarding.hub.routes.email;

import java.util.List;

/**
 * One rendered email of one delivery: multipart/alternative with {@code html} and {@code text}. {@code messageId}
 * is stable per delivery, so a resend after a crash is recognisably the same message.
 */
public record OutgoingEmail(long deliveryId, long alertId, String from, List<String> to, String subject, String text,
        String html, String messageId) {
}
