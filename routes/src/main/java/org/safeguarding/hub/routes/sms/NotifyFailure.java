package org.safeguarding.hub.routes.sms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.gov.service.notify.NotificationClientException;

/**
 * Notify's refusal, read from the client's exception ("Status code: 429 {json}"): the HTTP status (0 when Notify was
 * not reached) and the first error's name, which is what code may rely on (DESIGN: never the message).
 */
public final class NotifyFailure extends Exception {

    public static final String RATE_LIMIT = "RateLimitError";
    public static final String DAILY_LIMIT = "TooManyRequestsError";

    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final int status;
    private final String error;
    private final String detail;

    NotifyFailure(int status, String error, String detail, Throwable cause) {
        super(status == 0 ? "Notify not reached: " + detail : "Notify " + status + " " + error + ": " + detail, cause);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    static NotifyFailure of(NotificationClientException e) {
        int status = e.getHttpResult();
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (status == 0) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new NotifyFailure(0, null, cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
        }
        Matcher error = ERROR.matcher(text);
        Matcher message = MESSAGE.matcher(text);
        return new NotifyFailure(status, error.find() ? error.group(1) : "HTTP " + status,
                message.find() ? message.group(1) : text, e);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public boolean isRateLimit() {
        return status == 429 && !DAILY_LIMIT.equals(error);
    }

    public boolean isDailyLimit() {
        return status == 429 && DAILY_LIMIT.equals(error);
    }

    /** Worth trying again later: Notify not reached, or its own trouble (5xx). */
    public boolean isTransient() {
        return status == 0 || status >= 500;
    }

    /** For the ledger: Notify's error name and message, e.g. "ValidationError: phone_number Not a UK mobile number". */
    public String describe() {
        String text = status == 0 ? "Notify not reached: " + detail : error + ": " + detail;
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
