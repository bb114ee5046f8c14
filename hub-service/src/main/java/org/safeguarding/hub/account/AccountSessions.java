package org.safeguarding.hub.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Objects;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends every browser session of an account at once when it is disabled or its password changes, on every hub
 * instance: a session remembers the account's sessions version it signed in with, and each request of a signed-in
 * session compares it with the database (one small query), not with an in-memory registry of this instance.
 */
@Component
class AccountSessions {

    private static final String SIGNED_IN_WITH = AccountSessions.class.getName() + ".sessionsVersion";

    private final AccountRepository accounts;

    AccountSessions(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** Published once the sign-in form's session is in place (after Spring Security changed its id). */
    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            keepSignedIn(attributes.getRequest().getSession(), event.getAuthentication().getName());
        }
    }

    /** The session stays signed in past the account's latest change (the one that changed its own password). */
    void keepSignedIn(HttpSession session, String username) {
        session.setAttribute(SIGNED_IN_WITH, accounts.liveSessionsVersion(username).orElse(null));
    }

    boolean stillSignedIn(HttpSession session, String username) {
        Object signedInWith = session.getAttribute(SIGNED_IN_WITH);
        return signedInWith != null && accounts.liveSessionsVersion(username).filter(signedInWith::equals).isPresent();
    }

    /** The filter in the pages' security chain, before the request is authorised. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                HttpSession session = request.getSession(false);
                Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
                // only sessions signed in through the form; a Basic request carries its credentials every time
                if (session != null && signedIn != null && session.getAttribute(
                        HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) != null
                        && !stillSignedIn(session, Objects.requireNonNull(signedIn.getName()))) {
                    session.invalidate();
                    SecurityContextHolder.clearContext();
                }
                chain.doFilter(request, response);
            }
        };
    }
}
