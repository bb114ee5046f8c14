package org.safeguarding.hub.routes.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Date;
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

    private final ThreadLocal<Transport> connection = new ThreadLocal<>();
    private final Set<Transport> open = ConcurrentHashMap.newKeySet();

    /**
     * Sends one email as multipart/alternative (text, then HTML), built here rather than through camel-mail's
     * binding, which copied headers, probed the content type and scanned each body to choose its transfer encoding:
     * quoted-printable is right for UTF-8 text and is named up front.
     */
    public void deliver(OutgoingEmail email) throws MessagingException {
        MimeMessage message = new MimeMessage(getSession());
        message.setFrom(new InternetAddress(email.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(", ", email.to())));
        message.setSubject(email.subject(), UTF_8);
        message.setSentDate(new Date());
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part(email.text(), "plain"));
        alternative.addBodyPart(part(email.html(), "html"));
        message.setContent(alternative);
        message.setHeader("Message-ID", email.messageId());
        send(message);
    }

    private static MimeBodyPart part(String content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, UTF_8, subtype);
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return part;
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
