package org.safeguarding.hub.routes.mis;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.safeguarding.hub.routes.mis.WebhookOutcome.Fate;

/**
 * POSTs a batch's webhooks, all at once, each signed per Standard Webhooks ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}), and classifies
 * each answer. A slow school holds up nobody: every webhook of the batch is in flight together, and each outcome is
 * recorded the moment it is known. Redirects are not followed (a redirect could lead to an internal address).
 */
public class WebhookSender {

    /** The longest Retry-After the hub waits for; a receiver asking for more is tried again after this. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);
    private static final int THREADS = 64;
    private static final int ERROR_BODY_CHARS = 200;

    /** Resolving hosts, sending and recording outcomes: the common pool has one thread on two cores. */
    private final ExecutorService threads;
    private final HttpClient http;
    private final EndpointAddresses addresses;
    private final Duration timeout;
    private final Clock clock;

    public WebhookSender(EndpointAddresses addresses, Duration timeout, Clock clock) {
        this.addresses = addresses;
        this.timeout = timeout;
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(THREADS, work -> {
            Thread thread = new Thread(work, "mis-webhooks-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).executor(threads).build();
    }

    /**
     * Sends every webhook, hands each outcome to {@code recorder} as soon as it is known, and returns them all once
     * the last is. {@code maxAttempts} turns a transient failure on the last attempt into GAVE_UP.
     */
    public List<WebhookOutcome> sendAll(List<OutgoingWebhook> webhooks, int maxAttempts,
            Consumer<WebhookOutcome> recorder) {
        List<CompletableFuture<WebhookOutcome>> sends = webhooks.stream()
                .map(webhook -> send(webhook, webhook.attemptsBefore() + 1 >= maxAttempts)
                        .thenApply(outcome -> {
                            recorder.accept(outcome);
                            return outcome;
                        }))
                .toList();
        return sends.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<WebhookOutcome> send(OutgoingWebhook webhook, boolean lastAttempt) {
        // resolving the host blocks: done on the pool, so one slow DNS answer does not delay the batch's other sends
        return CompletableFuture.supplyAsync(() -> addresses.refusalResolved(webhook.url()), threads)
                .thenCompose(refusal -> {
                    if (refusal != null) {
                        return CompletableFuture.completedFuture(WebhookOutcome.of(webhook, Fate.FAILED,
                                "Not sent to " + webhook.url() + ": " + refusal));
                    }
                    HttpRequest request;
                    try {
                        request = signed(webhook);
                    } catch (WebhookSigningException | IllegalArgumentException e) {
                        return CompletableFuture.completedFuture(WebhookOutcome.of(webhook, Fate.FAILED,
                                "Not sent: the endpoint's secret cannot sign (" + e.getMessage() + ")"));
                    }
                    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                            .handle((response, failure) -> failure == null
                                    ? answered(webhook, response, lastAttempt)
                                    : unanswered(webhook, failure, lastAttempt));
                });
    }

    /** The request as signed now: each attempt gets a fresh timestamp, so a retry is never stale to the receiver. */
    HttpRequest signed(OutgoingWebhook webhook) throws WebhookSigningException {
        long timestamp = clock.instant().getEpochSecond();
        String signature = new Webhook(webhook.secret()).sign(webhook.webhookId(), timestamp, webhook.body());
        return HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Safeguarding-Alert-Hub")
                .header("webhook-id", webhook.webhookId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(webhook.body(), StandardCharsets.UTF_8))
                .build();
    }

    private WebhookOutcome answered(OutgoingWebhook webhook, HttpResponse<String> response, boolean lastAttempt) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return WebhookOutcome.of(webhook, Fate.DELIVERED, null);
        }
        String said = "HTTP " + status + from(webhook) + excerpt(response.body());
        if (status == 410) {
            return WebhookOutcome.of(webhook, Fate.GONE, said + ": the endpoint is gone and has been disabled");
        }
        if (status == 429 || status >= 500) {
            return new WebhookOutcome(webhook, lastAttempt ? Fate.GAVE_UP : Fate.RETRYING, said,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        return WebhookOutcome.of(webhook, Fate.FAILED, said);
    }

    private static WebhookOutcome unanswered(OutgoingWebhook webhook, Throwable failure, boolean lastAttempt) {
        Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                ? failure.getCause() : failure;
        String what = cause instanceof HttpConnectTimeoutException ? "connection timed out"
                : cause instanceof HttpTimeoutException ? "no answer in time"
                : cause instanceof ConnectException ? "connection refused"
                : cause instanceof IOException ? "connection failed: " + cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return WebhookOutcome.of(webhook, lastAttempt ? Fate.GAVE_UP : Fate.RETRYING,
                "Not answered" + from(webhook) + ": " + what);
    }

    private static String from(OutgoingWebhook webhook) {
        return " from " + webhook.url();
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.replaceAll("\\s+", " ").strip();
        return ": " + (text.length() <= ERROR_BODY_CHARS ? text : text.substring(0, ERROR_BODY_CHARS));
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait;
    }

    /** When a retry of webhooks should go out: the receiver's Retry-After if it named one, else the backoff. */
    static Instant notBefore(Instant now, Duration backoff, Duration retryAfter) {
        return now.plus(retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff);
    }
}
