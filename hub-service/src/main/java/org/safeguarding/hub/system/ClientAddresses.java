package org.safeguarding.hub.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who the client is, one way for the whole hub (sign-in throttling, acknowledgement limits, the audit trail): every
 * request's {@code getRemoteAddr()} is replaced, before anything else sees it, by the client address. That is the
 * TCP peer, unless the peer is one of {@code hub.trusted-proxies} (addresses or CIDR ranges): then the hub walks
 * {@code Forwarded} (RFC 7239; else {@code X-Forwarded-For}) from the right, past trusted proxies, to the first
 * address no trusted proxy vouches for. A header from anyone else is ignored: it is whatever the client typed.
 * Loopback ({@code ::1}, {@code 127.x}) is one address, {@code 127.0.0.1}; IPv4-mapped IPv6 is the IPv4 address.
 */
@Configuration(proxyBeanMethods = false)
class ClientAddresses {

    /**
     * An IP literal, so that parsing it never becomes a DNS lookup: Java looks up anything without a colon that is
     * not a valid dotted quad (999.1.1.1 included).
     */
    private static final Pattern IP_LITERAL = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern FORWARDED_FOR = Pattern.compile("(?i)(?:^|;)\\s*for\\s*=\\s*(\"[^\"]*\"|[^;,\\s]*)");

    @Bean
    FilterRegistrationBean<ClientAddressFilter> clientAddressFilter(HubProperties hub) {
        FilterRegistrationBean<ClientAddressFilter> registration =
                new FilterRegistrationBean<>(new ClientAddressFilter(hub.trustedProxies()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static final class ClientAddressFilter extends OncePerRequestFilter {

        private final List<IpAddressMatcher> trusted;

        ClientAddressFilter(List<String> trustedProxies) {
            this.trusted = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty())
                    .map(IpAddressMatcher::new).toList();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String client = clientOf(request);
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public String getRemoteAddr() {
                    return client;
                }

                @Override
                public String getRemoteHost() {
                    return client;
                }
            }, response);
        }

        String clientOf(HttpServletRequest request) {
            String client = normalise(request.getRemoteAddr()).orElse(request.getRemoteAddr());
            if (!isTrusted(client)) {
                return client;
            }
            List<String> hops = hops(request);
            Collections.reverse(hops);
            for (String hop : hops) {
                Optional<String> address = normalise(hop);
                if (address.isEmpty()) {
                    return client; // "unknown" or an obfuscated name: the nearest address known is the last proxy's
                }
                client = address.get();
                if (!isTrusted(client)) {
                    return client;
                }
            }
            return client;
        }

        private boolean isTrusted(String address) {
            return trusted.stream().anyMatch(range -> range.matches(address));
        }

        /** The addresses the proxies recorded, the client's first. */
        private static List<String> hops(HttpServletRequest request) {
            List<String> hops = new ArrayList<>();
            var forwarded = request.getHeaders("Forwarded");
            if (forwarded != null && forwarded.hasMoreElements()) {
                while (forwarded.hasMoreElements()) {
                    for (String element : forwarded.nextElement().split(",")) {
                        var matcher = FORWARDED_FOR.matcher(element.strip());
                        hops.add(matcher.find() ? unquote(matcher.group(1)) : "");
                    }
                }
                return hops;
            }
            var xForwardedFor = request.getHeaders("X-Forwarded-For");
            while (xForwardedFor != null && xForwardedFor.hasMoreElements()) {
                for (String hop : xForwardedFor.nextElement().split(",")) {
                    hops.add(hop.strip());
                }
            }
            return hops;
        }

        /** {@code "[2001:db8::1]:4711"} → {@code 2001:db8::1}; {@code 192.0.2.1:80} → {@code 192.0.2.1}. */
        private static String unquote(String value) {
            String v = value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
                    ? value.substring(1, value.length() - 1) : value;
            if (v.startsWith("[")) {
                int end = v.indexOf(']');
                return end > 0 ? v.substring(1, end) : v;
            }
            int colon = v.indexOf(':');
            return colon > 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
        }
    }

    /** The canonical text of an IP literal, loopback as {@code 127.0.0.1}; empty for anything else. */
    static Optional<String> normalise(String address) {
        if (address == null || address.isEmpty() || address.length() > 45 || !IP_LITERAL.matcher(address).matches()) {
            return Optional.empty();
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            return Optional.of(parsed.isLoopbackAddress() ? "127.0.0.1" : parsed.getHostAddress());
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }
}
