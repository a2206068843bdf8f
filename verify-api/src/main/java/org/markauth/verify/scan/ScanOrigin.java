package org.markauth.verify.scan;

import org.markauth.registry.Geohash;
import java.util.Objects;

/**
 * Where a scan came from, already made coarse: a 5-character geocell (only with the user's
 * consent), a region from the offline IP table, the keyed hash of the client address, a device
 * class, the answer language, the channel (PAGE, API, BATCH, OFFICER) and {@code ipCell}, the
 * client address's city as a {@value ChinaIpPlaces#CELL_PRECISION}-character geohash (ip2region;
 * null when unknown), used for the travel rule when no position was shared and never stored with
 * the scan record.
 */
public record ScanOrigin(String cell, String region, byte[] ipHash, String device, String lang, String channel,
                         String ipCell) {

    public ScanOrigin(String cell, String region, byte[] ipHash, String device, String lang, String channel) {
        this(cell, region, ipHash, device, lang, channel, null);
    }

    /** The best position known: the shared geocell, else the IP-derived city cell (coarser, shorter), else null. */
    public String position() {
        return cell != null ? cell : ipCell;
    }

    public ScanOrigin {
        Objects.requireNonNull(channel, "channel");
        if (cell != null && !Geohash.valid(cell)) {
            throw new IllegalArgumentException("cell must be a geohash, got " + cell);
        }
        cell = cell == null ? null : Geohash.coarse(cell);
        if (ipCell != null && (!Geohash.valid(ipCell) || ipCell.length() >= Geohash.PRECISION)) {
            throw new IllegalArgumentException("ipCell must be a geohash shorter than a shared cell, got " + ipCell);
        }
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
