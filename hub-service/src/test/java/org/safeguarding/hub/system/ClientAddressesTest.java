package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Who the client is: the peer, unless the peer is a trusted proxy; loopback one address. */
class ClientAddressesTest {

    private final ClientAddresses.ClientAddressFilter filter =
            new ClientAddresses.ClientAddressFilter(List.of("10.0.0.0/8", "2001:db8:ffff::1"));

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        assertThat(client("198.51.100.4", "X-Forwarded-For", "203.0.113.9")).isEqualTo("198.51.100.4");
        assertThat(client("198.51.100.4", "Forwarded", "for=203.0.113.9")).isEqualTo("198.51.100.4");
    }

    @Test
    void aTrustedProxyIsBelievedUpToTheFirstAddressNoTrustedProxyVouchesFor() throws Exception {
        assertThat(client("10.1.2.3", "X-Forwarded-For", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client("10.1.2.3", "X-Forwarded-For", "192.0.2.1, 203.0.113.9, 10.4.4.4"))
                .as("the client's own claim (192.0.2.1) is behind an address no trusted proxy is").isEqualTo("203.0.113.9");
        assertThat(client("10.1.2.3", "Forwarded", "for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\""))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(client("2001:db8:ffff::1", "Forwarded", "for=203.0.113.9:8080;proto=https")).isEqualTo("203.0.113.9");
        assertThat(client("10.1.2.3", "X-Forwarded-For", "not-an-address")).as("the proxy, when it says nothing usable")
                .isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", "X-Forwarded-For", "example.org")).as("never a DNS lookup").isEqualTo("10.1.2.3");
        assertThat(client("10.1.2.3", "X-Forwarded-For", "999.1.1.1")).as("nor for a bad dotted quad").isEqualTo("10.1.2.3");
    }

    @Test
    void loopbackIsOneAddress() throws Exception {
        assertThat(client("::1", null, null)).isEqualTo("127.0.0.1");
        assertThat(client("0:0:0:0:0:0:0:1", null, null)).isEqualTo("127.0.0.1");
        assertThat(client("127.0.0.1", null, null)).isEqualTo("127.0.0.1");
        assertThat(client("::ffff:198.51.100.4", null, null)).isEqualTo("198.51.100.4");
    }

    private String client(String peer, String header, String value) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ack/x");
        request.setRemoteAddr(peer);
        if (header != null) {
            request.addHeader(header, value);
        }
        AtomicReference<String> seen = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest passed, jakarta.servlet.ServletResponse response) {
                seen.set(((HttpServletRequest) passed).getRemoteAddr());
            }
        });
        return seen.get();
    }
}
