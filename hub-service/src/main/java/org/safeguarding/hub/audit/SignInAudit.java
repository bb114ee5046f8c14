package org.safeguarding.hub.audit;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Sign-ins on the pages. Successful API calls are not sign-ins: each carries its credentials, and what it does is
 * audited by the action itself. Failed sign-ins (pages or API) are audited by the sign-in throttle, which knows when
 * to stop writing them (account/SignInThrottle).
 */
@Component
class SignInAudit {

    private final AuditTrail audit;

    SignInAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        audit.record(event.getAuthentication().getName(), AuditTrail.roleOf(event.getAuthentication()),
                AuditAction.SIGNED_IN, AuditEvent.ACCOUNT, event.getAuthentication().getName(), null);
    }
}
