package org.safeguarding.hub.audit;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Sign-ins on the pages, and every failed sign-in (pages or API). Successful API calls are not sign-ins: each
 * carries its credentials, and what it does is audited by the action itself.
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

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String username = String.valueOf(event.getAuthentication().getName());
        audit.record(username, null, AuditAction.SIGN_IN_FAILED, AuditEvent.ACCOUNT, username,
                event.getException().getClass().getSimpleName());
    }
}
