package org.markauth.verify.scan;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of a client address (HMAC-SHA-256, RFC 2104) so scan records can tell "same client"
 * without keeping the address. The key rotates daily: day key = HMAC(secret, "ip-salt:" + UTC day),
 * so hashes link within a day (flood detection) but not across days, and without the secret they
 * cannot be reversed by enumerating the IPv4 space. Truncated to 16 bytes. Thread-safe: one Mac per
 * thread.
 */
public final class ClientHasher {

    private final byte[] secret;
    private final Clock clock;
    private final ThreadLocal<DayMac> macs;

    private record DayMac(LocalDate day, Mac mac) {
    }

    public ClientHasher(byte[] secret, Clock clock) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("scan.ipHashSecret must be at least 16 bytes, got " + secret.length);
        }
        this.secret = secret.clone();
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(() -> null);
    }

    public byte[] hash(String address) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        DayMac dm = macs.get();
        if (dm == null || !dm.day.equals(today)) {
            dm = new DayMac(today, mac(hmac(secret, ("ip-salt:" + today).getBytes(StandardCharsets.UTF_8))));
            macs.set(dm);
        }
        byte[] full = dm.mac.doFinal(address.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[16];
        System.arraycopy(full, 0, out, 0, 16);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JDK", e);
        }
    }
}
