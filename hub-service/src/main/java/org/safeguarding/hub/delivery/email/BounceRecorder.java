package org.safeguarding.hub.delivery.email;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safeguarding.hub.delivery.LedgerText;
import org.safeguarding.hub.routes.email.EmailBounces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a delivery status notification (RFC 3464) from the bounce mailbox: which of the hub's emails it is about (the
 * original Message-ID, which the hub gives every delivery) and which recipients failed, and why. The delivery becomes
 * BOUNCED once every address it went to has bounced (one address bouncing while the deputy's copy arrived leaves it
 * SENT, with the bounce noted, as a partial refusal at send time does); a contact whose address bounced is flagged
 * on the directory page (DirectoryRepository#lastBounces). Delays ("Action: delayed") and anything that is not a bounce are ignored.
 */
@Service
public class BounceRecorder implements EmailBounces {

    private static final Logger log = LoggerFactory.getLogger(BounceRecorder.class);
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\s]+>)");
    private static final Pattern FIELD = Pattern.compile("(?m)^([A-Za-z-]+):\\s*(.*(?:\\r?\\n[ \\t].*)*)");

    /** One failed recipient of a status notification. */
    record Failed(String address, String reason) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    BounceRecorder(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void record(byte[] mime) {
        MimeMessage notification;
        List<String> texts = new ArrayList<>();
        try {
            notification = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
            collectText(notification, texts);
        } catch (MessagingException | IOException unreadable) {
            log.warn("Bounce mailbox: an unreadable message was skipped: {}", unreadable.getMessage());
            return;
        }
        List<Failed> failed = new ArrayList<>();
        String messageId = null;
        for (String text : texts) {
            failed.addAll(failedRecipients(text));
            Matcher id = MESSAGE_ID.matcher(text);
            if (messageId == null && id.find() && text.contains("delivery-")) {
                messageId = id.group(1);
            }
        }
        if (failed.isEmpty() || messageId == null) {
            return; // an auto-reply, a delay notice, or a bounce of something the hub did not send
        }
        Optional<Long> deliveryId = jdbc.sql("select id from delivery where message_id = :id and channel = 'EMAIL'")
                .param("id", messageId).query(Long.class).optional();
        if (deliveryId.isEmpty()) {
            log.info("Bounce mailbox: a bounce of {} matches no delivery", messageId);
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Failed bounce : failed) {
            jdbc.sql("""
                    insert into email_bounce (delivery_id, address, reason, received_at)
                    select :delivery, :address, :reason, :now
                    where not exists (select 1 from email_bounce where delivery_id = :delivery and address = :address)""")
                    .param("delivery", deliveryId.get()).param("address", bounce.address())
                    .param("reason", LedgerText.fit(bounce.reason())).param("now", now).update();
        }
        markDelivery(deliveryId.get(), failed, now);
    }

    private void markDelivery(long deliveryId, List<Failed> failed, OffsetDateTime now) {
        String recipients = jdbc.sql("select recipient from delivery where id = :id").param("id", deliveryId)
                .query(String.class).optional().orElse(null);
        List<String> sentTo = recipients == null ? List.of()
                : List.of(recipients.toLowerCase(Locale.ROOT).split(",\\s*"));
        List<String> bounced = jdbc.sql("select address from email_bounce where delivery_id = :id")
                .param("id", deliveryId).query(String.class).list();
        boolean everyAddress = !sentTo.isEmpty() && bounced.containsAll(sentTo);
        String why = "Bounced: " + String.join("; ", failed.stream().map(f -> f.address() + ": " + f.reason()).toList());
        jdbc.sql("""
                update delivery set status = case when :all then 'BOUNCED' else status end,
                  last_error = :why, updated_at = :now
                where id = :id and status in ('SENT', 'DELIVERED', 'BOUNCED')""")
                .param("all", everyAddress).param("why", LedgerText.fit(why)).param("now", now).param("id", deliveryId).update();
    }

    /** The per-recipient blocks of a message/delivery-status part whose Action is failed. */
    static List<Failed> failedRecipients(String text) {
        List<Failed> failed = new ArrayList<>();
        for (String block : text.split("\\r?\\n\\s*\\r?\\n")) {
            String recipient = null;
            String action = null;
            String status = null;
            String diagnostic = null;
            Matcher field = FIELD.matcher(block);
            while (field.find()) {
                String value = field.group(2).replaceAll("\\s+", " ").strip();
                switch (field.group(1).toLowerCase(Locale.ROOT)) {
                    case "final-recipient" -> recipient = value;
                    case "action" -> action = value.toLowerCase(Locale.ROOT);
                    case "status" -> status = value;
                    case "diagnostic-code" -> diagnostic = value;
                    default -> { }
                }
            }
            if (recipient != null && "failed".equals(action)) {
                String address = recipient.contains(";") ? recipient.substring(recipient.indexOf(';') + 1) : recipient;
                failed.add(new Failed(address.strip().toLowerCase(Locale.ROOT),
                        (status == null ? "" : status + " ") + (diagnostic == null ? "" : diagnostic)));
            }
        }
        return failed;
    }

    /** The decoded text of every part: the report, the status part, the returned headers or message. */
    private static void collectText(Part part, List<String> texts) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collectText(child, texts);
            }
        } else if (content instanceof Part message) {
            texts.add(headers(message));
            collectText(message, texts);
        } else if (content instanceof String text) {
            texts.add(text);
        } else if (content instanceof InputStream stream) {
            texts.add(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String headers(Part message) throws MessagingException {
        StringBuilder text = new StringBuilder();
        for (var headers = message.getAllHeaders(); headers.hasMoreElements(); ) {
            var header = headers.nextElement();
            text.append(header.getName()).append(": ").append(header.getValue()).append('\n');
        }
        return text.toString();
    }
}
