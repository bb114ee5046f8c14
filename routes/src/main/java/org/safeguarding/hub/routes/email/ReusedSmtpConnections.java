package org.safeguarding.hub.routes.email;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
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

    private final ThreadLocal<Transport> connection = new ThreadLocal<>();
    private final Set<Transport> open = ConcurrentHashMap.newKeySet();

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
