package org.safeguarding.hub.acknowledgement;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.safeguarding.hub.system.HubProperties;
import org.safeguarding.hub.system.RateLimits;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * The acknowledgement pages need no sign-in, so they are what someone guessing tokens would hammer; yet hundreds of
 * schools can share one client address (a regional schools network, or a reverse proxy not listed in
 * {@code hub.trusted-proxies}). So three limits, per minute, shared by every hub instance ({@link RateLimits}):
 * <ul>
 * <li>per link: {@code max-requests-per-link-per-minute} (30), a school clicking its link over and over;</li>
 * <li>per client address: {@code max-requests-per-address-per-minute} (3,000), a ceiling hundreds of schools behind
 * one address do not reach;</li>
 * <li>per client address, answers of "this link does not work" (404: unknown, forged or expired links):
 * {@code max-invalid-links-per-address-per-minute} (30). Once spent, that address gets 429 for every link until the
 * minute is up: a guesser learns nothing more, at the cost of the schools behind a guesser's address waiting a
 * minute.</li>
 * </ul>
 */
@Component
class AcknowledgementRateLimit extends OncePerRequestFilter {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final RateLimits limits;
    private final Supplier<BucketConfiguration> perLink;
    private final Supplier<BucketConfiguration> perAddress;
    private final Supplier<BucketConfiguration> invalidPerAddress;

    AcknowledgementRateLimit(RateLimits limits, HubProperties hub) {
        HubProperties.Acknowledgement settings = hub.acknowledgement();
        this.limits = limits;
        this.perLink = perMinute(settings.maxRequestsPerLinkPerMinute());
        this.perAddress = perMinute(settings.maxRequestsPerAddressPerMinute());
        this.invalidPerAddress = perMinute(settings.maxInvalidLinksPerAddressPerMinute());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the decoded, normalised path the controller is matched on, not the raw URI: /%61ck/{token} reaches the
        // same controller and must count the same
        return !path(request).startsWith("/ack/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        Bucket fromAddress = limits.bucket("ack/address/" + address, perAddress);
        Bucket invalidFromAddress = limits.bucket("ack/invalid/" + address, invalidPerAddress);
        Bucket link = limits.bucket("ack/link/" + AcknowledgementLinks.hash(token(request)), perLink);
        Bucket refusing = !fromAddress.tryConsume(1) ? fromAddress
                : invalidFromAddress.getAvailableTokens() <= 0 ? invalidFromAddress
                : !link.tryConsume(1) ? link
                : null;
        if (refusing != null) {
            long seconds = Duration.ofNanos(refusing.estimateAbilityToConsume(1).getNanosToWaitForRefill()).toSeconds();
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", String.valueOf(Math.max(1, Math.min(seconds + 1, MINUTE.toSeconds()))));
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Too many requests. Wait a minute and try the link again.");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.NOT_FOUND.value()) {
            invalidFromAddress.tryConsume(1);
        }
    }

    private static String path(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    /** The token of /ack/{token} and /ack/{token}/letter.pdf. */
    private static String token(HttpServletRequest request) {
        String rest = path(request).substring("/ack/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static Supplier<BucketConfiguration> perMinute(int requests) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(requests).refillIntervally(requests, MINUTE)).build();
        return () -> configuration;
    }
}
