package org.openenos.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void withoutTrustedProxiesTheForwardedForHeaderIsIgnored() {
        assertThat(ClientAddress.direct().resolve("203.0.113.9", List.of("1.2.3.4"))).isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedProxysForwardedForNamesTheClientReadFromTheRight() {
        ClientAddress address = new ClientAddress(List.of("10.0.0.0/8", "192.0.2.10"));
        // the client sent a made-up first entry; the proxies appended what they saw
        assertThat(address.resolve("10.1.2.3", List.of("6.6.6.6, 198.51.100.7", "192.0.2.10")))
                .isEqualTo("198.51.100.7");
        assertThat(address.resolve("192.0.2.10", List.of("198.51.100.8"))).isEqualTo("198.51.100.8");
    }

    @Test
    void anUntrustedPeerCannotClaimAnotherAddress() {
        ClientAddress address = new ClientAddress(List.of("10.0.0.0/8"));
        assertThat(address.resolve("198.51.100.7", List.of("10.0.0.1"))).isEqualTo("198.51.100.7");
    }

    @Test
    void garbageInTheHeaderStopsAtTheLastAddressATrustedProxyVouchedFor() {
        ClientAddress address = new ClientAddress(List.of("10.0.0.1"));
        assertThat(address.resolve("10.0.0.1", List.of("evil.example.com"))).isEqualTo("10.0.0.1");
        assertThat(address.resolve("10.0.0.1", List.of("999.1.1.1, 198.51.100.7"))).isEqualTo("198.51.100.7");
    }

    @Test
    void ipv6RangesWorkAndABadSettingIsRefusedAtStart() {
        ClientAddress address = new ClientAddress(List.of("fd00::/8"));
        assertThat(address.resolve("fd12::1", List.of("2001:db8::5"))).isEqualTo("2001:db8::5");
        assertThat(address.resolve("2001:db8::9", List.of("2001:db8::5"))).isEqualTo("2001:db8::9");
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.local"))).hasMessageContaining("proxy.local");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).hasMessageContaining("prefix");
    }
}
