package org.safeguarding.hub.delivery.bench;

import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the sink manages without the hub: the same number of emails, each a copy of one the hub sent (same headers
 * and body, a new Message-ID and recipients), sent by a plain Jakarta Mail client with one SMTP connection per
 * thread, as many threads as the hub has email consumers. No broker, database or rendering: the SMTP cost alone.
 */
final class RawSmtpClient {

    private RawSmtpClient() {
    }

    /**
     * @param messages how many emails to send
     * @param twoRecipientMessages how many of them go to two recipients (the rest to one), to match the hub's run
     */
    static void send(int port, byte[] sample, int messages, long twoRecipientMessages, int threads) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "30000");
        Session session = Session.getInstance(properties);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders.add(pool.submit(() -> sendSome(session, sample, messages, twoRecipientMessages, next)));
            }
            int sent = 0;
            for (Future<Integer> sender : senders) {
                sent += sender.get();
            }
            if (sent != messages) {
                throw new IllegalStateException("raw client sent " + sent + " of " + messages);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int sendSome(Session session, byte[] sample, int messages, long twoRecipientMessages,
            AtomicInteger next) throws MessagingException {
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(sample));
        int sent = 0;
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                Address[] to = i < twoRecipientMessages
                        ? new Address[] {new InternetAddress("dsl@raw-" + i + ".sch.example"),
                            new InternetAddress("deputy.dsl@raw-" + i + ".sch.example")}
                        : new Address[] {new InternetAddress("dsl@raw-" + i + ".sch.example")};
                message.setRecipients(RecipientType.TO, to);
                message.setHeader("Message-ID", "<raw-" + i + "@fanout-benchmark>");
                transport.sendMessage(message, to);
                sent++;
            }
        }
        return sent;
    }
}
