package org.safeguarding.hub.account;

import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What every page tells the browser besides Spring Security's defaults: load nothing from elsewhere and run no inline
 * script (GOV.UK Frontend is started from /js), send no referrer (acknowledgement links carry their token in the
 * URL), and no camera, microphone or location.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    static final String PAGES = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /** The demo inbox shows an email as the school sees it, in a sandboxed frame: email HTML styles inline. */
    static final String DEMO_EMAIL = PAGES + "; style-src 'self' 'unsafe-inline'";
    static final String PERMISSIONS = "camera=(), microphone=(), geolocation=()";

    private static final RequestMatcher DEMO_EMAIL_PAGE = new AntPathRequestMatcher("/demo/inbox/*");

    private SecurityHeaders() {
    }

    /** Hawtio's single-page app sets a policy of its own, fitted to it, before this runs: that one stands. */
    static HeaderWriter contentSecurityPolicy() {
        return (request, response) -> {
            if (!response.containsHeader(CONTENT_SECURITY_POLICY)) {
                response.setHeader(CONTENT_SECURITY_POLICY, DEMO_EMAIL_PAGE.matches(request) ? DEMO_EMAIL : PAGES);
            }
        };
    }
}
