package org.safeguarding.hub.delivery.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The benchmark's SMTP sink as if it were a relay across a network: a TCP proxy on 127.0.0.1 in front of it that holds
 * every reply of the sink for {@code roundTripMillis} before passing it on, so each SMTP round trip (MAIL, RCPT, DATA,
 * the end of the data) costs that long, as it does to a relay in another building. A client that waits for each
 * reply, as Jakarta Mail does, then sends at most one message per few round trips per connection, whatever its CPU.
 * Bytes pass in blocks, untouched: the tests' {@code SmtpRelay}, which reads SMTP line by line to make its faults and
 * flushes every line, would put its own CPU into the figures.
 */
final class DistantRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "distant-relay");
        thread.setDaemon(true);
        return thread;
    });

    DistantRelay(int sinkPort, long roundTripMillis) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pumps.execute(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket sink = new Socket(InetAddress.getLoopbackAddress(), sinkPort);
                    client.setTcpNoDelay(true);
                    sink.setTcpNoDelay(true);
                    pumps.execute(() -> pump(client, sink, 0));
                    pumps.execute(() -> pump(sink, client, roundTripMillis));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Copies {@code from} to {@code to}, each read held {@code delayMillis} first; closes both at the end. */
    private static void pump(Socket from, Socket to, long delayMillis) {
        byte[] buffer = new byte[16384];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis); // the reply's way back across the network
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException connectionClosed) {
            // one side hung up: so does the other (try-with-resources)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pumps.shutdownNow();
    }
}
