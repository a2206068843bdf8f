package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** One client, one hash: a whole IPv6 /64 is one client (one host may use every address in it). */
class ClientHasherTest {

    final ClientHasher h = new ClientHasher("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII),
            Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void everyAddressOfOneIpv6Slash64IsOneClient_anotherSlash64IsAnother() {
        assertThat(h.hash("2001:db8:1:2::1")).isEqualTo(h.hash("2001:db8:1:2:ffff:ffff:ffff:ffff"))
                .isEqualTo(h.hash("2001:DB8:1:2:0:0:0:abcd"));
        assertThat(h.hash("2001:db8:1:2::1")).isNotEqualTo(h.hash("2001:db8:1:3::1"));
    }

    @Test
    void ipv4AddressesStayDistinct_andAMappedOneIsItsIpv4() {
        assertThat(h.hash("203.0.113.7")).isNotEqualTo(h.hash("203.0.113.8"));
        assertThat(h.hash("::ffff:203.0.113.7")).isEqualTo(h.hash("203.0.113.7"));
    }

    @Test
    void somethingThatIsNoAddressIsHashedAsItIs() {
        assertThat(ClientHasher.clientOf("unknown")).isEqualTo("unknown");
        assertThat(ClientHasher.clientOf("a:b:zz")).isEqualTo("a:b:zz");
        assertThat(h.hash("a:b:zz")).hasSize(16);
    }
}
