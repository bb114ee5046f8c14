package org.safeguarding.hub.routes.mis;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which URLs the hub may POST to. The hub calls addresses that admins type in, so it must not become a way into its
 * own network (SSRF): https only, except for the hosts allowed plain http; and no loopback, private, link-local or
 * other internal address unless allowed. Checked when an endpoint is registered and again, after resolving its host,
 * before every send (a name can be pointed at an internal address later).
 */
public final class EndpointAddresses {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> httpAllowedHosts;
    private final boolean allowPrivateAddresses;

    public EndpointAddresses(Iterable<String> httpAllowedHosts, boolean allowPrivateAddresses) {
        this.httpAllowedHosts = java.util.stream.StreamSupport.stream(httpAllowedHosts.spliterator(), false)
                .map(EndpointAddresses::hostKey).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    /** Why {@code url} cannot be an endpoint, judged without resolving its host; null when it can. */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "not an http(s) URL with a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "a URL must not carry a user name or password";
        }
        if (uri.getRawFragment() != null) {
            return "a URL must not have a #fragment";
        }
        String host = hostKey(uri.getHost());
        if (scheme.equals("http") && !httpAllowedHosts.contains(host)) {
            return "must be https (plain http only for " + (httpAllowedHosts.isEmpty() ? "no host" : String.join(", ",
                    httpAllowedHosts.stream().sorted().toList())) + ")";
        }
        if (isLiteral(host)) {
            try {
                return internalRefusal(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                return "not a valid address: " + host;
            }
        }
        return null;
    }

    /** As {@link #refusal(String)}, and every address the host resolves to now must be allowed too. */
    public String refusalResolved(String url) {
        String refusal = refusal(url);
        if (refusal != null) {
            return refusal;
        }
        String host = URI.create(url).getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return null; // the send fails to connect, and is retried: a DNS outage is transient
        }
        for (InetAddress address : addresses) {
            String internal = internalRefusal(address);
            if (internal != null) {
                return internal;
            }
        }
        return null;
    }

    private String internalRefusal(InetAddress address) {
        if (allowPrivateAddresses || !isInternal(address)) {
            return null;
        }
        return "refused: " + address.getHostAddress() + " is a loopback, private or link-local address";
    }

    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240;
        }
        // IPv6 unique local addresses, fc00::/7 (Java's isSiteLocalAddress knows only the old fec0::/10)
        return address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }

    private static boolean isLiteral(String host) {
        return IPV4_LITERAL.matcher(host).matches() || host.contains(":");
    }

    private static String hostKey(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
