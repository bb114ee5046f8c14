package uk.gov.service.notify;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;

/**
 * GOV.UK Notify's own client with connect and read timeouts: the client sets none, so a Notify that accepts the
 * connection and never answers would hold an SMS consumer for good. Its connection factory is package-private, hence
 * this package. Built with the {@code (apiKey, baseUrl)} constructor, the one that leaves the JVM's default SSL socket
 * factory alone (three of the others replace it for every HTTPS client in the process).
 */
public class TimedNotificationClient extends NotificationClient {

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    public TimedNotificationClient(String apiKey, String baseUrl, Duration connectTimeout, Duration readTimeout) {
        super(apiKey, baseUrl);
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
    }

    @Override
    HttpURLConnection getConnection(URL url) throws IOException {
        HttpURLConnection connection = super.getConnection(url);
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(readTimeoutMillis);
        return connection;
    }
}
