package org.safeguarding.hub.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The hub's one way of checking a username and password (form login and HTTP Basic alike): refused at once while
 * {@link SignInThrottle} says so, else Spring Security's own check, with two changes that leave nothing to tell
 * accounts apart by: the password is always compared (an unknown name against a dummy hash, as Spring does; a
 * disabled account against its own hash before it is found disabled), and unknown, disabled and wrong-password
 * sign-ins all answer the same.
 */
@Component
class ThrottledSignIn implements AuthenticationProvider {

    private final SignInThrottle throttle;
    private final DaoAuthenticationProvider passwords;

    ThrottledSignIn(SignInThrottle throttle, HubUserDetailsService accounts, PasswordEncoder encoder) {
        this.throttle = throttle;
        this.passwords = new DaoAuthenticationProvider(encoder);
        this.passwords.setUserDetailsService(accounts);
        // Spring checks "disabled" before the password, which answers a disabled account in 3 ms and a real one in
        // 65: check it after
        this.passwords.setPreAuthenticationChecks(user -> { });
        this.passwords.setPostAuthenticationChecks(user -> {
            if (!user.isEnabled()) {
                throw new DisabledException("Bad credentials");
            }
        });
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = String.valueOf(attempt.getName());
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
                ? web.getRemoteAddress() : "unknown";
        SignInThrottle.Attempt checked = throttle.attempt(username, address);
        if (checked.refusedFor().isPresent()) {
            throw new SignInThrottledException(checked.refusedFor().get());
        }
        try {
            Authentication signedIn = passwords.authenticate(attempt);
            throttle.succeeded(checked);
            return signedIn;
        } catch (AuthenticationException failed) {
            throttle.failed(checked, failed.getClass().getSimpleName());
            throw failed;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }

    /** Form login: a throttled attempt is told so (nothing about its password); every other failure alike. */
    static AuthenticationFailureHandler formFailure() {
        SimpleUrlAuthenticationFailureHandler failed = new SimpleUrlAuthenticationFailureHandler("/sign-in?error");
        SimpleUrlAuthenticationFailureHandler throttled = new SimpleUrlAuthenticationFailureHandler("/sign-in?throttled");
        return (request, response, exception) -> (exception instanceof SignInThrottledException ? throttled : failed)
                .onAuthenticationFailure(request, response, exception);
    }

    /** HTTP Basic: a throttled attempt gets 429 with Retry-After (seconds), so scripts back off; others the challenge. */
    static AuthenticationEntryPoint basicFailure(AuthenticationEntryPoint challenge) {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            if (exception instanceof SignInThrottledException throttled) {
                response.setHeader("Retry-After", String.valueOf(throttled.retryAfter.toSeconds()));
                response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), "Too many sign-in attempts, try again later");
                return;
            }
            challenge.commence(request, response, exception);
        };
    }

    /** Not an account status: Spring publishes no failure event for it, and the throttle audits the episode. */
    static final class SignInThrottledException extends AuthenticationException {

        final transient Duration retryAfter;

        SignInThrottledException(Duration retryAfter) {
            super("Too many sign-in attempts, try again later");
            this.retryAfter = retryAfter;
        }
    }
}
