package org.safeguarding.hub.account;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;

/**
 * Two doors. {@code /api/**}: stateless HTTP Basic for partner systems and scripts, no session, no CSRF.
 * Everything else: pages with form login, a session and CSRF. Roles as in DESIGN; each URL names the roles it
 * admits, and anything not named needs a signed-in user.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String ADMIN = Role.ADMIN.name();
    private static final String OPS = Role.OPS.name();
    private static final String RAISER = Role.RAISER.name();
    private static final String APPROVER = Role.APPROVER.name();

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("Safeguarding Alert Hub API");
        basic.afterPropertiesSet();
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        // a school's MIS signs its callback with its endpoint's secret instead (MisAcknowledgementController)
                        .requestMatchers(HttpMethod.POST, "/api/v1/mis/acknowledgements").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/directory/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/audit/**").hasAnyRole(ADMIN, OPS)
                        .requestMatchers("/api/v1/ops/retention/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/ops/**").hasRole(OPS)
                        .requestMatchers(HttpMethod.POST, "/api/v1/alerts/*/approve", "/api/v1/alerts/*/reject",
                                "/api/v1/alerts/*/cancel", "/api/v1/alerts/*/resolve").hasRole(APPROVER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/alerts", "/api/v1/alerts/*/update")
                                .hasAnyRole(RAISER, APPROVER)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/alerts/*").hasAnyRole(RAISER, APPROVER)
                        .anyRequest().authenticated())
                .httpBasic(b -> b.authenticationEntryPoint(ThrottledSignIn.basicFailure(basic)))
                .exceptionHandling(e -> e.authenticationEntryPoint(basic))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, AccountSessions sessions) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/sign-in", "/session-expired", "/error", "/ack/**", "/webjars/**", "/assets/**",
                                "/css/**", "/js/**", "/favicon.ico").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // the demo's simulated school MIS takes the hub's signed webhooks (embedded default only)
                        .requestMatchers(HttpMethod.POST, "/demo/mis/*").permitAll()
                        // the Camel console, Hawtio and its Jolokia bridge to every MBean: ops only
                        .requestMatchers("/actuator/**").hasRole(OPS)
                        .requestMatchers("/directory/import/**", "/accounts/**").hasRole(ADMIN)
                        .requestMatchers("/audit/**").hasAnyRole(ADMIN, OPS)
                        .requestMatchers("/ops", "/ops/**").hasRole(OPS)
                        .requestMatchers("/alerts/new", "/alerts/*/edit", "/alerts/*/submit", "/alerts/*/update",
                                "/alerts/*/discard")
                                .hasAnyRole(RAISER, APPROVER)
                        .requestMatchers("/alerts/*/approve", "/alerts/*/reject", "/alerts/*/cancel", "/alerts/*/resolve")
                                .hasRole(APPROVER)
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/sign-in")
                        .defaultSuccessUrl("/", false)
                        .failureHandler(ThrottledSignIn.formFailure()))
                .logout(logout -> logout
                        .logoutRequestMatcher(new AntPathRequestMatcher("/sign-out", "POST"))
                        .logoutSuccessUrl("/sign-in?signed-out"))
                // Prometheus scrapers sign in with Basic; browsers get the sign-in page
                .httpBasic(b -> b.authenticationEntryPoint(ThrottledSignIn.basicFailure(basicChallenge())))
                // Hawtio's single-page app reads the token from the XSRF-TOKEN cookie; forms carry it as a field
                .csrf(csrf -> csrf
                        .ignoringRequestMatchers(new AntPathRequestMatcher("/demo/mis/*", "POST"))
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .headers(headers -> headers
                        .addHeaderWriter(SecurityHeaders.contentSecurityPolicy())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .permissionsPolicyHeader(permissions -> permissions.policy(SecurityHeaders.PERMISSIONS)))
                // a form whose CSRF token was lost (signed out meanwhile, an old tab) is told so, not "no permission"
                .exceptionHandling(e -> e.accessDeniedHandler(new DelegatingAccessDeniedHandler(
                        new LinkedHashMap<>(Map.of(CsrfException.class, sessionExpired())), new AccessDeniedHandlerImpl())))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                // a session of an account since disabled, or whose password changed, is signed out here
                .addFilterBefore(sessions.filter(), AnonymousAuthenticationFilter.class);
        return http.build();
    }

    private static AccessDeniedHandlerImpl sessionExpired() {
        AccessDeniedHandlerImpl page = new AccessDeniedHandlerImpl();
        page.setErrorPage("/session-expired");
        return page;
    }

    private static BasicAuthenticationEntryPoint basicChallenge() {
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("Realm");
        return basic;
    }
}
