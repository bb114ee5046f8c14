package org.safeguarding.hub.acknowledgement;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * On PostgreSQL each bucket is a row that every request locks in a transaction of its own, and the schools behind one
 * address would queue on their address's row, each holding a pooled connection. So this instance takes its address
 * requests from the shared bucket {@value #LEASE} at a time, spending them within a second or dropping them (an
 * address is served at most its limit a minute, and no fewer than that less {@value #LEASE} per instance); and it
 * remembers an address that has used up its "link does not work" answers until the minute is up, instead of reading
 * that bucket on every request: another instance, which learns it at its own next such answer, gives at most one more.
 * A request with a valid link then costs its link's bucket and a tenth of its address's.
 */
@Component
class AcknowledgementRateLimit extends OncePerRequestFilter {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Address requests taken from the shared bucket at once, and how long they may be spent. */
    static final int LEASE = 10;
    private static final long LEASE_MILLIS = 1_000;
    /** Leases and refusals remembered past this many addresses are dropped when spent or over. */
    private static final int ADDRESSES_BEFORE_CLEAN_UP = 10_000;

    /** An address's requests this instance has taken from its bucket and not yet spent; guarded by itself. */
    private static final class Lease {
        int left;
        long until;
    }

    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    /** Addresses out of "link does not work" answers, until when (the hub clock's milliseconds). */
    private final Map<String, Long> outOfInvalidLinks = new ConcurrentHashMap<>();
    private final RateLimits limits;
    private final Clock clock;
    private final Supplier<BucketConfiguration> perLink;
    private final Supplier<BucketConfiguration> perAddress;
    private final Supplier<BucketConfiguration> invalidPerAddress;

    AcknowledgementRateLimit(RateLimits limits, HubProperties hub, Clock clock) {
        HubProperties.Acknowledgement settings = hub.acknowledgement();
        this.limits = limits;
        this.clock = clock;
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
        long now = clock.millis();
        cleanUp(now);
        Bucket fromAddress = limits.bucket("ack/address/" + address, perAddress);
        Long invalidUntil = outOfInvalidLinks.get(address);
        Bucket link = limits.bucket("ack/link/" + AcknowledgementLinks.hash(token(request)), perLink);
        long refusedForNanos = !takeFromAddress(address, fromAddress, now) ? waitNanos(fromAddress)
                : invalidUntil != null && invalidUntil > now ? (invalidUntil - now) * 1_000_000
                : !link.tryConsume(1) ? waitNanos(link)
                : -1;
        if (refusedForNanos >= 0) {
            long seconds = Duration.ofNanos(refusedForNanos).toSeconds();
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", String.valueOf(Math.max(1, Math.min(seconds + 1, MINUTE.toSeconds()))));
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Too many requests. Wait a minute and try the link again.");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.NOT_FOUND.value()) {
            Bucket invalid = limits.bucket("ack/invalid/" + address, invalidPerAddress);
            ConsumptionProbe answered = invalid.tryConsumeAndReturnRemaining(1);
            if (!answered.isConsumed() || answered.getRemainingTokens() == 0) {
                outOfInvalidLinks.put(address, clock.millis() + Duration.ofNanos(answered.isConsumed()
                        ? waitNanos(invalid) : answered.getNanosToWaitForRefill()).toMillis());
            }
        }
    }

    /** One of the address's requests: from this instance's lease, or a new lease, or the bucket's last few singly. */
    private boolean takeFromAddress(String address, Bucket bucket, long now) {
        // a lease the clean-up drops while in use loses only its unspent requests
        Lease lease = leases.computeIfAbsent(address, a -> new Lease());
        synchronized (lease) {
            if (lease.left > 0 && now < lease.until) {
                lease.left--;
                return true;
            }
            lease.left = 0;
            if (bucket.tryConsume(LEASE)) {
                lease.left = LEASE - 1;
                lease.until = now + LEASE_MILLIS;
                return true;
            }
            return bucket.tryConsume(1);
        }
    }

    private static long waitNanos(Bucket bucket) {
        return bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    /** Now and then, forgets spent leases and refusals that are over, once many addresses are remembered. */
    private void cleanUp(long now) {
        if (leases.size() > ADDRESSES_BEFORE_CLEAN_UP) {
            leases.values().removeIf(lease -> lease.until <= now);
        }
        if (outOfInvalidLinks.size() > ADDRESSES_BEFORE_CLEAN_UP) {
            outOfInvalidLinks.values().removeIf(until -> until <= now);
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
