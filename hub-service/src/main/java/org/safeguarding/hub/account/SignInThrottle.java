package org.safeguarding.hub.account;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.system.HubProperties;
import org.safeguarding.hub.system.RateLimits;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins, after NCSC's password guidance (throttle rather than lock out), in buckets every hub
 * instance shares ({@link RateLimits}):
 * <ul>
 * <li>per account and client address: {@code failures-per-address} (10) failures within {@code address-window}
 * (15 minutes, from the address's first attempt) and that address is refused for the account, right password
 * included, until the window has passed;</li>
 * <li>per account, from every address together: {@code failures-per-account} (100) failures, refilled evenly over
 * {@code account-window} (an hour). Once spent, an address that has failed for the account in its window is refused,
 * and an address that has not may still try: the owner at their usual desk is not locked out by someone guessing
 * from many others, while those others get one guess per address per window.</li>
 * </ul>
 * Failures are audited until the budget that refuses them is spent; then one {@code SIGN_IN_THROTTLED} row marks the
 * episode and the refusals that follow are not written, so guessing cannot grow the audit trail without bound.
 * Accounts are keyed by a hash of the name typed, so unknown names are counted like real ones.
 */
@Component
class SignInThrottle {

    private final RateLimits limits;
    private final AuditTrail audit;
    private final HubProperties.SignIn settings;

    SignInThrottle(RateLimits limits, AuditTrail audit, HubProperties hub) {
        this.limits = limits;
        this.audit = audit;
        this.settings = hub.signIn();
    }

    /** A sign-in about to be checked: whether it is refused (and for how long), and whether its address has failed. */
    record Attempt(String username, String address, Optional<Duration> refusedFor, boolean addressHasFailed) {
    }

    /** Looks at the attempt before its password is: refused while its address, or the account's budget, is spent. */
    Attempt attempt(String username, String address) {
        Bucket fromAddress = fromAddress(username, address);
        long addressLeft = fromAddress.getAvailableTokens();
        boolean addressHasFailed = addressLeft < settings.failuresPerAddress();
        if (addressLeft <= 0) {
            return new Attempt(username, address, Optional.of(waitFor(fromAddress)), true);
        }
        Bucket account = account(username);
        if (addressHasFailed && account.getAvailableTokens() <= 0) {
            return new Attempt(username, address, Optional.of(waitFor(account)), true);
        }
        return new Attempt(username, address, Optional.empty(), addressHasFailed);
    }

    /** A failed sign-in: counted, and audited while it is within the budgets. */
    void failed(Attempt attempt, String reason) {
        String username = attempt.username();
        String address = attempt.address();
        boolean addressCounted = fromAddress(username, address).tryConsume(1);
        boolean accountCounted = account(username).tryConsume(1);
        if (addressCounted && accountCounted) {
            audit.record(username, null, AuditAction.SIGN_IN_FAILED, AuditEvent.ACCOUNT, username, reason);
        }
        if (addressCounted && fromAddress(username, address).getAvailableTokens() == 0) {
            audit.record(username, null, AuditAction.SIGN_IN_THROTTLED, AuditEvent.ACCOUNT, username,
                    settings.failuresPerAddress() + " failed sign-ins from " + address + ": refused from that address for "
                            + settings.addressWindow().toMinutes() + " minutes");
        } else if (accountCounted && account(username).getAvailableTokens() == 0) {
            audit.record(username, null, AuditAction.SIGN_IN_THROTTLED, AuditEvent.ACCOUNT, username,
                    settings.failuresPerAccount() + " failed sign-ins from all addresses: only addresses without a"
                            + " failure may try until the budget refills");
        }
    }

    /** Signed in: the address's failures are forgiven (the account-wide budget refills only with time). */
    void succeeded(Attempt attempt) {
        if (attempt.addressHasFailed()) {
            fromAddress(attempt.username(), attempt.address()).reset();
        }
    }

    private Bucket fromAddress(String username, String address) {
        return limits.bucket("sign-in/" + hash(username) + "/" + address, () -> BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(settings.failuresPerAddress())
                        .refillIntervally(settings.failuresPerAddress(), settings.addressWindow()))
                .build());
    }

    private Bucket account(String username) {
        return limits.bucket("sign-in/" + hash(username), () -> BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(settings.failuresPerAccount())
                        .refillGreedy(settings.failuresPerAccount(), settings.accountWindow()))
                .build());
    }

    private static Duration waitFor(Bucket bucket) {
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Duration.ofNanos(Math.max(nanos, 1_000_000_000L));
    }

    /** Whatever was typed as a username, at a fixed length and never stored as typed (it may be a password). */
    private static String hash(String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
