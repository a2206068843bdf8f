package org.markauth.issuer.console;

/** Decodes a geohash (https://en.wikipedia.org/wiki/Geohash) to the centre of its cell, for the hot-spot map. */
final class Geohash {

    private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

    private Geohash() {
    }

    /** {lat, lon} of the cell centre, or null when {@code hash} is not a geohash (a region name, say). */
    static double[] centre(String hash) {
        if (hash == null || hash.isEmpty() || hash.length() > 12) {
            return null;
        }
        double[] lat = {-90, 90};
        double[] lon = {-180, 180};
        boolean even = true;
        for (char c : hash.toCharArray()) {
            int v = BASE32.indexOf(c);
            if (v < 0) {
                return null;
            }
            for (int bit = 4; bit >= 0; bit--) {
                double[] r = even ? lon : lat;
                double mid = (r[0] + r[1]) / 2;
                if ((v >> bit & 1) == 1) {
                    r[0] = mid;
                } else {
                    r[1] = mid;
                }
                even = !even;
            }
        }
        return new double[] {(lat[0] + lat[1]) / 2, (lon[0] + lon[1]) / 2};
    }
}
