package dev.emporium.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emporium.platform.web.TrustedProxies;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTests {

    final ClientAddress addresses =
            new ClientAddress(new TrustedProxies(List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32")));

    @Test
    void cidrBlocksMatchByPrefixAndFamily() {
        assertThat(addresses.isTrusted("10.255.3.4")).isTrue();
        assertThat(addresses.isTrusted("11.0.0.1")).isFalse();
        assertThat(addresses.isTrusted("192.168.1.7")).isTrue();
        assertThat(addresses.isTrusted("192.168.1.8")).isFalse();
        assertThat(addresses.isTrusted("2001:db8:1::5")).isTrue();
        assertThat(addresses.isTrusted("2001:db9::5")).isFalse();
        assertThat(addresses.isTrusted("not-an-address.example"))
                .as("never a DNS lookup")
                .isFalse();
    }

    @Test
    void theRightmostUntrustedHopIsTheClientAndGarbageStopsTheWalk() {
        assertThat(resolve("10.0.0.1", "203.0.113.9, 198.51.100.1, 10.1.1.1")).isEqualTo("198.51.100.1");
        assertThat(resolve("10.0.0.1", "not-an-ip, 10.1.1.1")).isEqualTo("10.1.1.1");
        assertThat(resolve("10.0.0.1", null)).isEqualTo("10.0.0.1");
        assertThat(resolve("203.0.113.5", "198.51.100.1")).as("untrusted peer").isEqualTo("203.0.113.5");
    }

    @Test
    void anIpv6ClientIsKeyedByItsSlash64AndAnIpv4ClientByItsAddress() {
        assertThat(ClientAddress.bucketKey("2001:db8:aa:bb:1:2:3:4")).isEqualTo("20010db800aa00bb::/64");
        assertThat(ClientAddress.bucketKey("2001:db8:aa:bb:ffff::9"))
                .isEqualTo(ClientAddress.bucketKey("2001:db8:aa:bb:1:2:3:4"));
        assertThat(ClientAddress.bucketKey("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void aMalformedTrustedProxyIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("emporium.web.trusted-proxies");
        assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix length");
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFormerRateLimitKeyIsRefusedRatherThanSilentlyIgnored() {
        MockEnvironment environment =
                new MockEnvironment().withProperty("emporium.rate-limit.trusted-proxies", "10.0.0.0/8");
        assertThatThrownBy(() -> new RateLimitConfiguration(null, null, null, null, null, environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("emporium.web.trusted-proxies");
    }

    private String resolve(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return addresses.resolve(request);
    }
}
