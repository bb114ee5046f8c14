package org.safeguarding.hub.delivery.bench;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's SMTP sink: GreenMail on 127.0.0.1, doing all its usual per-message work (SMTP dialogue, parsing
 * the message), but counting what it accepts instead of filing it in mailboxes, so 22,000 emails do not fill the
 * benchmark's heap. Counts each email once (by Message-ID) however many recipients it has, and remembers when the
 * first and the last were accepted, and one email as a sample for the raw run.
 */
final class CountingSmtpSink implements AutoCloseable {

    private final GreenMail greenMail;
    private final Set<String> messageIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong recipients = new AtomicLong();
    private final AtomicLong first = new AtomicLong();
    private final AtomicLong last = new AtomicLong();
    private volatile byte[] sample;

    CountingSmtpSink() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        GreenMailUser counter = new CountingUser();
        greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> counter);
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Forgets what was counted, for the next run. */
    void reset() {
        messageIds.clear();
        recipients.set(0);
        first.set(0);
        last.set(0);
    }

    int accepted() {
        return messageIds.size();
    }

    long recipients() {
        return recipients.get();
    }

    /** System.nanoTime() when the first (last) counted email was accepted; 0 before any. */
    long firstAcceptedNanos() {
        return first.get();
    }

    long lastAcceptedNanos() {
        return last.get();
    }

    /** The first email accepted since start, as sent (headers and body). */
    byte[] sample() {
        return sample;
    }

    private void accept(MovingMessage message) {
        long now = System.nanoTime();
        recipients.incrementAndGet();
        MimeMessage mime = message.getMessage();
        String id;
        try {
            id = mime.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        if (id != null && messageIds.add(id)) {
            first.compareAndSet(0, now);
            last.accumulateAndGet(now, Math::max);
            if (sample == null) {
                sample = bytes(mime);
            }
        }
    }

    private static byte[] bytes(MimeMessage mime) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mime.writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /** GreenMail hands every recipient's copy to the user the delivery handler names: this one only counts. */
    private final class CountingUser implements GreenMailUser {

        @Override
        public void deliver(MovingMessage message) {
            accept(message);
        }

        @Override
        public void deliver(MimeMessage message) {
            throw new UnsupportedOperationException("only SMTP deliveries are counted");
        }

        @Override
        public String getEmail() {
            return "sink@127.0.0.1";
        }

        @Override
        public String getLogin() {
            return "sink";
        }

        @Override
        public void create() {
            // no mailbox: nothing is kept
        }

        @Override
        public void delete() {
            // no mailbox
        }

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {
            // no authentication on the sink
        }

        @Override
        public void authenticate(String password) {
            // no authentication on the sink
        }

        @Override
        public String getQualifiedMailboxName() {
            return "sink";
        }
    }
}
