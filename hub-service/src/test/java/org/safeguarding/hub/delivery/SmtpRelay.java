package org.safeguarding.hub.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line-by-line SMTP relay on 127.0.0.1 in front of a real server (GreenMail), for the faults GreenMail cannot
 * make: it answers RCPT TO for chosen addresses itself (a 4xx once, a 5xx always), and can hold each message at the
 * end of its DATA until the test lets it through, so a send is really in flight. Everything else goes through
 * unchanged, so GreenMail still receives and files every message that gets past.
 */
public final class SmtpRelay implements AutoCloseable {

    private record Refusal(String reply, AtomicInteger remaining) {
    }

    private final int upstreamPort;
    private final ServerSocket listener;
    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    private static final int OPEN = 1_000_000;

    private final Semaphore gate = new Semaphore(OPEN);
    private final AtomicInteger refused = new AtomicInteger();

    public SmtpRelay(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "smtp-relay-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Answers RCPT TO:&lt;address&gt; with {@code reply} (e.g. "451 4.3.0 Try later") the next {@code times} times. */
    void refuse(String address, String reply, int times) {
        refusals.put(address.toLowerCase(Locale.ROOT), new Refusal(reply, new AtomicInteger(times)));
    }

    /** RCPT TO commands answered with a refusal so far. */
    int refused() {
        return refused.get();
    }

    /** From now on each message waits at the end of its DATA for a permit; {@code permits} go through at once. */
    public void hold(int permits) {
        gate.drainPermits();
        gate.release(permits);
    }

    /** Lets {@code permits} more messages through (a slow relay: a few at a time). */
    public void letThrough(int permits) {
        gate.release(permits);
    }

    /** Messages waiting at the end of their DATA. */
    public int held() {
        return gate.getQueueLength();
    }

    /** Lets every message through again, those waiting included. */
    public void open() {
        gate.release(OPEN);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread session = new Thread(() -> relay(client), "smtp-relay-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; BufferedReader fromClient = reader(client); OutputStream toClient = client.getOutputStream()) {
            Socket server;
            try {
                server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
            } catch (IOException down) {
                write(toClient, "421 4.3.2 upstream mail server is down");
                return;
            }
            try (server; BufferedReader fromServer = reader(server); OutputStream toServer = server.getOutputStream()) {
                copyReply(fromServer, toClient);
                for (String line; (line = fromClient.readLine()) != null; ) {
                    String command = line.toUpperCase(Locale.ROOT);
                    Refusal refusal = command.startsWith("RCPT TO:") ? refusalFor(line) : null;
                    if (refusal != null) {
                        refused.incrementAndGet();
                        write(toClient, refusal.reply());
                        continue;
                    }
                    write(toServer, line);
                    String reply = copyReply(fromServer, toClient);
                    if (command.equals("DATA") && reply.startsWith("354")) {
                        String data;
                        while ((data = fromClient.readLine()) != null && !data.equals(".")) {
                            write(toServer, data);
                        }
                        if (data == null) {
                            return; // the client died mid-message (a killed hub): never end its half message for it
                        }
                        gate.acquireUninterruptibly();
                        write(toServer, ".");
                        copyReply(fromServer, toClient);
                    } else if (command.equals("QUIT")) {
                        return;
                    }
                }
            }
        } catch (IOException dropped) {
            // either side hung up: so does the relay
        }
    }

    private Refusal refusalFor(String rcpt) {
        int open = rcpt.indexOf('<');
        int close = rcpt.indexOf('>', open + 1);
        String address = open < 0 || close < 0 ? "" : rcpt.substring(open + 1, close).toLowerCase(Locale.ROOT);
        Refusal refusal = refusals.get(address);
        return refusal != null && refusal.remaining().getAndDecrement() > 0 ? refusal : null;
    }

    /** Copies one reply, all its lines ("250-..." continue, "250 ..." ends it); returns its last line. */
    private static String copyReply(BufferedReader from, OutputStream to) throws IOException {
        String line;
        do {
            line = from.readLine();
            if (line == null) {
                throw new IOException("server hung up");
            }
            write(to, line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        // ISO-8859-1 maps every byte to one char and back: the message passes through byte for byte
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        open();
        listener.close();
    }
}
