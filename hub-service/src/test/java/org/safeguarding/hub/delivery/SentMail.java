package org.safeguarding.hub.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.safeguarding.hub.support.FreePort;

/**
 * What GreenMail received for one alert, one entry per email: GreenMail files a copy in every recipient's mailbox,
 * so an email is counted by its Message-ID, and {@link Email#copies} says how many copies of it arrived. Each email
 * is read back with mime4j, as a mail client would.
 */
public final class SentMail {

    /** One email as received; {@code parts} maps each MIME type of a multipart body to its decoded text. */
    public record Email(String messageId, Set<String> to, String subject, String mimeType, Map<String, String> parts,
            int copies) {

        public String text() {
            return parts.get("text/plain");
        }

        public String html() {
            return parts.get("text/html");
        }

        /** Each recipient got it once, and nobody got it twice. */
        boolean deliveredOncePerRecipient() {
            return copies == to.size();
        }
    }

    private SentMail() {
    }

    /** A started GreenMail SMTP server on 127.0.0.1; port 0 picks a free one ({@code getSmtp().getPort()}). */
    public static GreenMail smtpServer(int port) {
        GreenMail greenMail = new GreenMail(port == 0
                ? new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()
                : new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return greenMail;
    }

    /** A port free on 127.0.0.1 now, for a server that must come back on the same port after a stop. */
    static int freePort() {
        return FreePort.any();
    }

    /** The emails of the alert with this reference (the hub puts it in every Message-ID), by Message-ID. */
    public static Map<String, Email> of(GreenMail greenMail, String reference) {
        return withMessageId(greenMail, id -> id.contains("." + reference + "@"));
    }

    /** The approval notices (approval needed, reminder, approved, rejected) about the alert with this reference. */
    public static Map<String, Email> approvalNotices(GreenMail greenMail, String reference) {
        return withMessageId(greenMail, id -> id.startsWith("<approval-notice-") && id.contains("-" + reference + "@"));
    }

    private static Map<String, Email> withMessageId(GreenMail greenMail, java.util.function.Predicate<String> wanted) {
        Map<String, List<byte[]>> copies = new LinkedHashMap<>();
        for (MimeMessage received : greenMail.getReceivedMessages()) {
            try {
                String id = received.getMessageID();
                if (id != null && wanted.test(id)) {
                    copies.computeIfAbsent(id, k -> new ArrayList<>()).add(raw(received));
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Email> emails = new LinkedHashMap<>();
        copies.forEach((id, raw) -> emails.put(id, parse(raw.get(0), raw.size())));
        return emails;
    }

    /** The one email addressed to {@code address}. */
    public static Email to(Map<String, Email> emails, String address) {
        List<Email> found = emails.values().stream().filter(e -> e.to().contains(address)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " emails to " + address + " in " + emails.keySet());
        }
        return found.get(0);
    }

    private static Email parse(byte[] raw, int copies) {
        try {
            Message message = new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(raw));
            Set<String> to = new TreeSet<>();
            message.getTo().flatten().forEach((Mailbox m) -> to.add(m.getAddress()));
            Map<String, String> parts = new LinkedHashMap<>();
            if (message.getBody() instanceof Multipart multipart) {
                for (Entity part : multipart.getBodyParts()) {
                    parts.put(part.getMimeType(), text(part));
                }
            } else {
                parts.put(message.getMimeType(), text(message));
            }
            return new Email(message.getMessageId(), to, message.getSubject(), message.getMimeType(), parts, copies);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Entity entity) throws IOException {
        if (!(entity.getBody() instanceof TextBody body)) {
            return null;
        }
        StringWriter text = new StringWriter();
        try (Reader reader = body.getReader()) {
            reader.transferTo(text);
        }
        return text.toString();
    }

    private static byte[] raw(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
