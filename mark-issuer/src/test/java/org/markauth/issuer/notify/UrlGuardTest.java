package org.markauth.issuer.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "::",
            "::127.0.0.1", "::7f00:1", "::169.254.169.254", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1",
            "2002:c0a8:101::", "0:0:0:0:0:ffff:7f00:1", "2130706433", "127.1"})
    void internalAddressesAreInternal(String ip) throws Exception {
        assertThat(UrlGuard.internal(InetAddress.getByName(ip))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1",
            "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesAreNot(String ip) throws Exception {
        assertThat(UrlGuard.internal(InetAddress.getByName(ip))).isFalse();
    }

    @Test
    void onlyHttpAndHttpsWithAHostAndNoCredentials() {
        assertThatThrownBy(() -> UrlGuard.parse("ftp://example.org/x")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> UrlGuard.parse("file:///etc/passwd")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> UrlGuard.parse("https://user:pw@example.org/")).hasMessageContaining("user name or password");
        assertThatThrownBy(() -> UrlGuard.parse("https:///x")).hasMessageContaining("names no host");
        assertThat(UrlGuard.parse("https://example.org/hook?x=1").getHost()).isEqualTo("example.org");
    }

    @Test
    void anIpLiteralIsJudgedWithoutDns() {
        UrlGuard strict = new UrlGuard(false);
        assertThatThrownBy(() -> strict.check("http://[::1]:8080/x")).hasMessageContaining("internal address");
        assertThat(strict.check("https://198.51.100.7/hook").port()).isEqualTo(443);
        assertThat(new UrlGuard(true).check("http://127.0.0.1:9/x").address().isLoopbackAddress()).isTrue();
    }

    @Test
    void theDefaultRetryScheduleDoublesFromThirtySecondsToAnHour() {
        Webhooks.Settings d = Webhooks.Settings.defaults();
        assertThat(java.util.stream.IntStream.rangeClosed(1, 9).mapToObj(d::backoff).toList()).containsExactly(
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofHours(1), Duration.ofHours(1));
        assertThat(d.maxAttempts()).isEqualTo(10);
    }
}
