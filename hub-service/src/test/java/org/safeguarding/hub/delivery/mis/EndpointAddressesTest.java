package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.routes.mis.EndpointAddresses;

/** Which URLs the hub POSTs to: the prod profile's settings (https, no internal address) and the embedded default's. */
class EndpointAddressesTest {

    final EndpointAddresses prod = new EndpointAddresses(List.of(), false);
    final EndpointAddresses embedded = new EndpointAddresses(List.of("localhost", "127.0.0.1", "[::1]"), true);

    @Test
    void prodTakesHttpsToPublicAddressesOnly() {
        assertThat(prod.refusal("https://mis.school.example/hub/alerts")).isNull();
        assertThat(prod.refusal("https://203.0.113.10/hub")).isNull();
        assertThat(prod.refusal("http://mis.school.example/hub")).contains("must be https");
        for (String internal : List.of("https://127.0.0.1/x", "https://10.1.2.3/x", "https://172.16.0.9/x",
                "https://192.168.1.20/x", "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/x",
                "https://0.0.0.0/x", "https://[::1]/x", "https://[fd00::1]/x", "https://[fe80::1]/x")) {
            assertThat(prod.refusal(internal)).as(internal).contains("refused");
        }
        // a name is checked by what it resolves to, before every send
        assertThat(prod.refusal("https://localhost/x")).isNull();
        assertThat(prod.refusalResolved("https://localhost/x")).contains("refused", "127.0.0.1");
        assertThat(prod.refusal("ftp://mis.school.example/x")).contains("not an http(s) URL");
        assertThat(prod.refusal("https://user:pw@mis.school.example/x")).contains("user name");
        assertThat(prod.refusal("not a url")).isNotNull();
    }

    @Test
    void theEmbeddedDefaultTakesPlainHttpOnLoopbackOnly() {
        assertThat(embedded.refusalResolved("http://127.0.0.1:8080/demo/mis/100001")).isNull();
        assertThat(embedded.refusalResolved("http://localhost:8080/demo/mis/100001")).isNull();
        assertThat(embedded.refusal("http://[::1]:8080/demo/mis/100001")).isNull();
        assertThat(embedded.refusal("http://mis.school.example/hub")).contains("must be https");
    }
}
