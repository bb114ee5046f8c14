package org.safeguarding.hub.demo.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;

/**
 * GOV.UK Notify as the hub meets it, for the embedded default and the tests: the v2 SMS API with Notify's JWT check
 * (HS256 with the key's secret, {@code iss} the service id, {@code iat} within 30 s), its limits (a token bucket of
 * {@code perMinute} holding {@code burst}: 429 RateLimitError; a daily limit: 429 TooManyRequestsError), its JSON
 * shapes and error names, and delivery receipts posted to the callback (07700900002 permanent-failure, 07700900003
 * temporary-failure, as Notify's test numbers do). It keeps what each number received for /demo/phone, and the peak
 * number of texts it accepted in any 60 seconds.
 */
public class NotifySimulator {

    private static final Logger LOG = LoggerFactory.getLogger(NotifySimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One text as the phone got it. */
    public record Text(String id, String reference, String phoneNumber, String body, Instant createdAt, String status) {
    }

    private final NotifySimulatorProperties settings;
    private final Environment environment;
    private final Clock clock;
    private final NotifySchemas schemas;
    private final String serviceId;
    private final byte[] secret;
    private final Map<String, Text> texts = new ConcurrentHashMap<>();
    private final List<Text> inOrder = new ArrayList<>();
    private final NotifyLimits limits;
    private final ScheduledExecutorService receipts = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public NotifySimulator(NotifySimulatorProperties settings, Environment environment, Clock clock) {
        this.settings = settings;
        this.environment = environment;
        this.clock = clock;
        this.schemas = settings.schemas() == null || settings.schemas().isBlank() ? null
                : new NotifySchemas(Path.of(settings.schemas()));
        String key = settings.apiKey();
        this.serviceId = key.substring(key.length() - 73, key.length() - 37);
        this.secret = key.substring(key.length() - 36).getBytes(StandardCharsets.UTF_8);
        this.limits = new NotifyLimits(settings.perMinute(), settings.burst(), settings.dailyLimit(), clock.instant());
    }

    ResponseEntity<String> sendSms(String authorization, String body) {
        String authProblem = authProblem(authorization);
        if (authProblem != null) {
            return error(403, "AuthError", authProblem);
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (Exception e) {
            return error(400, "BadRequestError", "Invalid JSON supplied in POST data");
        }
        if (schemas != null) {
            List<String> problems = schemas.problems("post_sms_request", body);
            if (!problems.isEmpty()) {
                return error(400, "ValidationError", String.join("; ", problems));
            }
        }
        String phone = request.path("phone_number").asText(null);
        if (phone == null || !request.hasNonNull("template_id")) {
            return error(400, "ValidationError", (phone == null ? "phone_number" : "template_id") + " is a required property");
        }
        String national = ukMobile(phone);
        if (national == null) {
            return error(400, "ValidationError", "phone_number Not a UK mobile number");
        }
        if (!request.path("template_id").asText().equals(settings.templateId())) {
            return error(400, "BadRequestError", "Template not found");
        }
        JsonNode words = request.path("personalisation").path("body");
        if (!words.isTextual()) {
            return error(400, "BadRequestError", "Missing personalisation: body");
        }
        String limit = limits.take(clock.instant());
        if (limit != null) {
            return error(429, limit, limits.message(limit));
        }
        Text text = new Text(UUID.randomUUID().toString(), request.path("reference").asText(null), national,
                words.asText(), clock.instant(), "sending");
        synchronized (this) {
            texts.put(text.id(), text);
            inOrder.add(text);
        }
        if (settings.sendReceipts()) {
            receipts.schedule(() -> postReceipt(text, 0), settings.receiptDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", text.id());
        answer.put("reference", text.reference());
        answer.putObject("content").put("body", text.body()).put("from_number", "GOVUK");
        answer.put("uri", base() + "/v2/notifications/" + text.id());
        answer.putObject("template").put("id", settings.templateId()).put("version", 1)
                .put("uri", base() + "/services/" + serviceId + "/templates/" + settings.templateId());
        answer.putNull("scheduled_for");
        if (schemas != null) {
            List<String> problems = schemas.problems("post_sms_response", answer.toString());
            if (!problems.isEmpty()) {
                LOG.error("The simulator's own answer breaks Notify's schema: {}", problems);
                return error(500, "Exception", "Internal server error");
            }
        }
        return ResponseEntity.status(201).header("Content-Type", "application/json").body(answer.toString());
    }

    ResponseEntity<String> getNotification(String authorization, String id) {
        String authProblem = authProblem(authorization);
        if (authProblem != null) {
            return error(403, "AuthError", authProblem);
        }
        Text text = texts.get(id);
        if (text == null) {
            return error(404, "NoResultFound", "No result found");
        }
        return ResponseEntity.ok().header("Content-Type", "application/json").body(notificationJson(text).toString());
    }

    /** GET /v2/notifications/{id}'s JSON (get_notification_response). */
    public ObjectNode notificationJson(Text text) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", text.id());
        json.put("reference", text.reference());
        json.putNull("email_address");
        json.put("phone_number", text.phoneNumber());
        for (String field : List.of("line_1", "line_2", "line_3", "line_4", "line_5", "line_6", "postcode", "subject",
                "completed_at", "scheduled_for")) {
            json.putNull(field);
        }
        json.put("type", "sms");
        json.put("status", text.status());
        json.putObject("template").put("id", settings.templateId()).put("version", 1)
                .put("uri", base() + "/services/" + serviceId + "/templates/" + settings.templateId());
        json.put("body", text.body());
        json.put("created_at", text.createdAt().toString());
        json.put("sent_at", text.createdAt().toString());
        if (!"sending".equals(text.status())) {
            json.put("completed_at", clock.instant().toString());
        }
        json.put("created_by_name", (String) null);
        return json;
    }

    private void postReceipt(Text sent, int attempt) {
        String status = switch (sent.phoneNumber()) {
            case "07700900002" -> "permanent-failure";
            case "07700900003" -> "temporary-failure";
            default -> "delivered";
        };
        Text done = new Text(sent.id(), sent.reference(), sent.phoneNumber(), sent.body(), sent.createdAt(), status);
        texts.put(done.id(), done);
        ObjectNode receipt = JSON.createObjectNode();
        receipt.put("id", done.id());
        receipt.put("reference", done.reference());
        receipt.put("to", done.phoneNumber());
        receipt.put("status", status);
        receipt.put("created_at", done.createdAt().toString());
        receipt.put("completed_at", clock.instant().toString());
        receipt.put("sent_at", done.createdAt().toString());
        receipt.put("notification_type", "sms");
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(callbackUrl()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + settings.callbackToken())
                    .POST(HttpRequest.BodyPublishers.ofString(receipt.toString())).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() >= 500 || answer.statusCode() == 429) {
                retryReceipt(done, attempt, "HTTP " + answer.statusCode());
            }
        } catch (Exception e) {
            retryReceipt(done, attempt, e.toString());
        }
    }

    /** As Notify does: again after 5xx, 429 or a network error, with backoff; never after another 4xx. */
    private void retryReceipt(Text text, int attempt, String why) {
        if (attempt < 8 && !receipts.isShutdown()) {
            long delay = Math.min(30_000, 250L << attempt);
            LOG.debug("Receipt for {} not taken ({}); again in {} ms", text.id(), why, delay);
            receipts.schedule(() -> postReceipt(text, attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Notify's JWT check: HS256 signed with the key's secret, iss the service id, iat within 30 seconds. */
    private String authProblem(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "Unauthorized: authentication token must be provided";
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return "Invalid token: signature, api token is not valid";
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!"HS256".equals(header.path("alg").asText())
                    || !MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return "Invalid token: signature, api token not found";
            }
            if (!serviceId.equals(claims.path("iss").asText())) {
                return "Invalid token: service not found";
            }
            long iat = claims.path("iat").asLong(0);
            if (Math.abs(clock.instant().getEpochSecond() - iat) > 30) {
                return "Error: Your system clock must be accurate to within 30 seconds";
            }
            return null;
        } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            return "Invalid token: signature, api token is not valid";
        }
    }

    private static String ukMobile(String phone) {
        String digits = phone.replaceAll("[\\s()-]", "");
        if (digits.startsWith("+44")) {
            digits = "0" + digits.substring(3);
        } else if (digits.startsWith("0044")) {
            digits = "0" + digits.substring(4);
        }
        return digits.matches("07\\d{9}") ? digits : null;
    }

    private static ResponseEntity<String> error(int status, String name, String message) {
        ObjectNode json = JSON.createObjectNode();
        json.put("status_code", status);
        json.putArray("errors").addObject().put("error", name).put("message", message);
        return ResponseEntity.status(status).header("Content-Type", "application/json").body(json.toString());
    }

    private String base() {
        return environment.getProperty("hub.sms.notify.base-url", "");
    }

    private String callbackUrl() {
        return environment.resolveRequiredPlaceholders(settings.callbackUrl());
    }

    /** Every text accepted, in order. */
    public synchronized List<Text> texts() {
        return inOrder.stream().map(t -> texts.getOrDefault(t.id(), t)).toList();
    }

    /** The most texts accepted in any 60 seconds. */
    public int peakPerMinute() {
        return limits.peakPerMinute();
    }

    /** 429s answered (rate and daily limit). */
    public int rateLimited() {
        return limits.refused();
    }

    public void shutdown() {
        receipts.shutdownNow();
    }
}
