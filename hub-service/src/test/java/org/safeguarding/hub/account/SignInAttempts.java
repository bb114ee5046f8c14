package org.safeguarding.hub.account;

import static org.safeguarding.hub.account.TestBrowser.basic;
import static org.safeguarding.hub.account.TestBrowser.csrfField;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Sign-in attempts against a hub that trusts 127.0.0.1 as its reverse proxy ({@code hub.trusted-proxies}), each from
 * the client address named in its {@code X-Forwarded-For}.
 */
final class SignInAttempts {

    private final int port;

    SignInAttempts(int port) {
        this.port = port;
    }

    /** An API call with HTTP Basic; the answer's status (404: signed in, the school does not exist). */
    HttpResponse<String> api(String address, String username, String password) {
        TestBrowser browser = new TestBrowser(port);
        return browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/directory/schools/1"))
                .header("Authorization", basic(username, password))
                .header("X-Forwarded-For", address).GET().build());
    }

    /** The sign-in form, as a browser at {@code address} sends it; the answer's redirect. */
    String form(String address, String username, String password) {
        TestBrowser browser = new TestBrowser(port);
        String csrf = csrfField(browser.send(HttpRequest.newBuilder(browser.uri("/sign-in"))
                .header("X-Forwarded-For", address).GET().build()).body());
        String body = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf);
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(browser.uri("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", address)
                .POST(BodyPublishers.ofString(body)).build());
        return TestBrowser.location(response);
    }

    String page(String path) {
        return new TestBrowser(port).get(path).body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
