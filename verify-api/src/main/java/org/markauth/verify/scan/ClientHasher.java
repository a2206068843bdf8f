package org.markauth.verify.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
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

    /** A thread's MAC for one UTC day (epoch day number). */
    private record DayMac(long day, Mac mac) {
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
        // the UTC day from the clock's millis: LocalDate.now would build the zone's rules on every call
        long today = Math.floorDiv(clock.millis(), 86_400_000L);
        DayMac dm = macs.get();
        if (dm == null || dm.day != today) {
            dm = new DayMac(today, mac(hmac(secret, ("ip-salt:" + LocalDate.ofEpochDay(today)).getBytes(StandardCharsets.UTF_8))));
            macs.set(dm);
        }
        byte[] full = dm.mac.doFinal(clientOf(address).getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[16];
        System.arraycopy(full, 0, out, 0, 16);
        return out;
    }

    /**
     * The client an address stands for: an IPv4 address itself, an IPv6 address its /64 network
     * (one host or household is given a whole /64, so counting /128s would let one machine pose as
     * thousands of independent clients and push a genuine code over the clone and block thresholds).
     * An IPv4-mapped IPv6 address is its IPv4 address. Anything else is taken as it is.
     */
    static String clientOf(String address) {
        if (address == null || address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:.]{2,45}")) {
            return address == null ? "" : address;
        }
        try {
            byte[] a = InetAddress.getByName(address).getAddress();   // a literal: no name lookup
            if (a.length == 4) {
                return InetAddress.getByAddress(a).getHostAddress();
            }
            return "v6/64:" + HexFormat.of().formatHex(a, 0, 8);
        } catch (IOException e) {
            return address;
        }
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
