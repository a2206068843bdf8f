package org.markauth.registry;

/**
 * Geohash cells (the public-domain base-32 interleaving by G. Niemeyer, 2008), as scans store their
 * place ({@code scans.geohash}) and the regulator's map reads it back. Five characters are a cell of
 * about 4.9 km x 4.9 km: coarse enough to keep where someone was private, fine enough for "scanned
 * 1,200 km apart within an hour".
 */
public final class Geohash {

    /** The precision scans are stored at. */
    public static final int PRECISION = 5;
    private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

    private Geohash() {
    }

    /** True for 1..12 characters of the geohash alphabet (lowercase). */
    public static boolean valid(String s) {
        if (s == null || s.isEmpty() || s.length() > 12) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Shortens a valid geohash to the stored precision. */
    public static String coarse(String s) {
        return s.length() <= PRECISION ? s : s.substring(0, PRECISION);
    }

    public static String encode(double lat, double lon, int precision) {
        double[] la = {-90, 90};
        double[] lo = {-180, 180};
        StringBuilder sb = new StringBuilder(precision);
        boolean even = true;
        int bit = 0;
        int ch = 0;
        while (sb.length() < precision) {
            double[] r = even ? lo : la;
            double v = even ? lon : lat;
            double mid = (r[0] + r[1]) / 2;
            ch <<= 1;
            if (v >= mid) {
                ch |= 1;
                r[0] = mid;
            } else {
                r[1] = mid;
            }
            even = !even;
            if (++bit == 5) {
                sb.append(ALPHABET.charAt(ch));
                bit = 0;
                ch = 0;
            }
        }
        return sb.toString();
    }

    /** Centre of a valid cell as {lat, lon} (see {@link #valid}). */
    public static double[] decode(String hash) {
        double[] la = {-90, 90};
        double[] lo = {-180, 180};
        boolean even = true;
        for (int i = 0; i < hash.length(); i++) {
            int cd = ALPHABET.indexOf(hash.charAt(i));
            for (int m = 16; m > 0; m >>= 1) {
                double[] r = even ? lo : la;
                double mid = (r[0] + r[1]) / 2;
                if ((cd & m) != 0) {
                    r[0] = mid;
                } else {
                    r[1] = mid;
                }
                even = !even;
            }
        }
        return new double[] {(la[0] + la[1]) / 2, (lo[0] + lo[1]) / 2};
    }

    /** Great-circle distance between two cells' centres in km (haversine, mean Earth radius). */
    public static double distanceKm(String a, String b) {
        double[] p = decode(a);
        double[] q = decode(b);
        double dLat = Math.toRadians(q[0] - p[0]);
        double dLon = Math.toRadians(q[1] - p[1]);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(p[0])) * Math.cos(Math.toRadians(q[0])) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
