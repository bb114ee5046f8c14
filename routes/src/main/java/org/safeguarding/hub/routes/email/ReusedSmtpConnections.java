package org.safeguarding.hub.routes.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.mail.DefaultJavaMailSender;

/**
 * camel-mail's sender opens a new SMTP connection for every message. This one keeps one connection per consumer
 * thread open and reuses it, reconnecting once if the server has dropped it. It also keeps the Message-ID the
 * route chose (JavaMail replaces it on save), so a resend of a delivery is recognisably the same message.
 */
public class ReusedSmtpConnections extends DefaultJavaMailSender implements AutoCloseable {

    static {
        // Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader scan of the whole classpath on every
        // call, several times per email (jakartaee/mail-api#699, #861): a quarter of the fan-out's CPU. Named here
        // (the implementation the scan finds, Angus Mail's), it is loaded by name instead. An operator's own
        // -Djakarta.mail.util.StreamProvider wins.
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    private static final String UTF_8 = "UTF-8";
    /** RFC 5322's date-time, e.g. "Sun, 29 Nov 2026 23:40:06 +0000". */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private final ThreadLocal<Transport> connection = new ThreadLocal<>();
    private final Set<Transport> open = ConcurrentHashMap.newKeySet();
    /** The last subject encoded, and its encoding (RFC 2047, folded as Jakarta Mail's setSubject folds it). */
    private volatile String[] lastSubject = {"", ""};

    /**
     * Sends one email as multipart/alternative (text, then HTML), built here rather than through camel-mail's
     * binding, which copied headers, probed the content type and scanned each body to choose its transfer encoding.
     * Each part is quoted-printable UTF-8, encoded into an array first ({@link QuotedPrintable}) and written whole; a
     * fan-out's emails share their subject, whose encoded form is kept.
     */
    public void deliver(OutgoingEmail email) throws MessagingException {
        send(message(email));
    }

    /**
     * Builds the email's message and writes it nowhere: at start, so that the first alert's first email does not also
     * load and initialise Jakarta Mail's classes (see the application's EmailRehearsal).
     */
    public void rehearse(OutgoingEmail email) throws MessagingException, IOException {
        MimeMessage message = message(email);
        message.saveChanges();
        message.writeTo(OutputStream.nullOutputStream());
    }

    private MimeMessage message(OutgoingEmail email) throws MessagingException {
        MimeMessage message = new MimeMessage(getSession());
        message.setFrom(new InternetAddress(email.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(", ", email.to())));
        message.setHeader("Subject", encodedSubject(email.subject()));
        message.setHeader("Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part(email.text(), "plain"));
        alternative.addBodyPart(part(email.html(), "html"));
        message.setContent(alternative);
        message.setHeader("Message-ID", email.messageId());
        return message;
    }

    private static MimeBodyPart part(String content, String subtype) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", "text/" + subtype + "; charset=" + UTF_8);
        headers.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return new MimeBodyPart(headers, QuotedPrintable.encode(content));
    }

    private String encodedSubject(String subject) throws MessagingException {
        String[] last = lastSubject;
        if (!last[0].equals(subject)) {
            try {
                last = new String[] {subject, MimeUtility.fold(9, MimeUtility.encodeText(subject, UTF_8, null))};
            } catch (UnsupportedEncodingException impossible) {
                throw new MessagingException("UTF-8 unsupported", impossible);
            }
            lastSubject = last;
        }
        return last[1];
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        String messageId = message.getHeader("Message-ID", null);
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
        try {
            connected(false).sendMessage(message, message.getAllRecipients());
        } catch (SendFailedException rejected) {
            throw rejected; // the server answered about these recipients: the connection is fine
        } catch (MessagingException dropped) {
            // an idle connection the server closed: reconnect once; a second failure is a real outage
            connected(true).sendMessage(message, message.getAllRecipients());
        }
    }

    private Transport connected(boolean fresh) throws MessagingException {
        Transport transport = connection.get();
        if (transport != null && fresh) {
            discard(transport);
            transport = null;
        }
        if (transport == null) {
            transport = getSession().getTransport(getProtocol() == null ? "smtp" : getProtocol());
            try {
                transport.connect(getHost(), getPort(), getUsername(), getPassword());
            } catch (MessagingException e) {
                discard(transport);
                throw e;
            }
            connection.set(transport);
            open.add(transport);
        }
        return transport;
    }

    private void discard(Transport transport) {
        connection.remove();
        open.remove(transport);
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // already broken; nothing to close
        }
    }

    @Override
    public void close() {
        open.forEach(transport -> {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // shutting down
            }
        });
        open.clear();
    }
}
