package org.safeguarding.hub.acknowledgement;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * The acknowledgement pages need no sign-in, so they are what someone guessing tokens would hammer: each client
 * address gets {@code hub.acknowledgement.max-requests-per-minute} requests to /ack/** per clock minute, then 429.
 * In memory, per hub instance: a limit on guessing, not an accounting system.
 */
@Component
class AcknowledgementRateLimit extends OncePerRequestFilter {

    private final int perMinute;
    private final Clock clock;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long minute = -1;

    AcknowledgementRateLimit(HubProperties hub, Clock clock) {
        this.perMinute = hub.acknowledgement().maxRequestsPerMinute();
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the decoded, normalised path the controller is matched on, not the raw URI: /%61ck/{token} reaches the
        // same controller and must count the same
        return !UrlPathHelper.defaultInstance.getPathWithinApplication(request).startsWith("/ack/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long now = clock.millis() / 60_000;
        if (now != minute) {
            synchronized (this) {
                if (now != minute) {
                    counts.clear();
                    minute = now;
                }
            }
        }
        if (counts.computeIfAbsent(request.getRemoteAddr(), a -> new AtomicInteger()).incrementAndGet() > perMinute) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", "60");
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Too many requests from your address. Wait a minute and try the link again.");
            return;
        }
        chain.doFilter(request, response);
    }
}
