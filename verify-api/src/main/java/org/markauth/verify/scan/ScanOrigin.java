package org.markauth.verify.scan;

import java.util.Objects;

/**
 * Where a scan came from, already made coarse: a 5-character geocell (only with the user's
 * consent), a region from the offline IP table, the keyed hash of the client address, a device
 * class, the answer language and the channel (PAGE, API, BATCH, OFFICER).
 */
public record ScanOrigin(String cell, String region, byte[] ipHash, String device, String lang, String channel) {
    public ScanOrigin {
        Objects.requireNonNull(channel, "channel");
        if (cell != null && !Geohash.valid(cell)) {
            throw new IllegalArgumentException("cell must be a geohash, got " + cell);
        }
        cell = cell == null ? null : Geohash.coarse(cell);
    }

    /** A coarse device class from the User-Agent; never the User-Agent itself. */
    public static String deviceOf(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "unknown";
        }
        String ua = userAgent.toLowerCase(java.util.Locale.ROOT);
        if (ua.contains("markauth-sdk") || ua.contains("okhttp") || ua.contains("java/")) {
            return "app";
        }
        if (ua.contains("micromessenger")) {
            return "wechat";
        }
        if (ua.contains("mobile") || ua.contains("android") || ua.contains("iphone")) {
            return "mobile";
        }
        if (ua.contains("mozilla")) {
            return "desktop";
        }
        return "other";
    }
}
