package org.markauth.verify.scan;

import org.markauth.registry.Geohash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lionsoul.ip2region.DataBlock;
import org.lionsoul.ip2region.DbConfig;
import org.lionsoul.ip2region.DbMakerConfigException;
import org.lionsoul.ip2region.DbSearcher;

/**
 * China's provinces and cities for an IPv4 address, offline, from the ip2region database (the
 * file {@code ip2region.db} the build brings from the pinned npm package and puts in the jar as
 * {@code /geo/ip2region.db}, or a newer copy at {@code verify.geo.ip2region-db}). Held in memory
 * (about 9 MB) and searched without locks: the reader only reads the array after construction.
 *
 * <p>What comes out is coarse on purpose: the province as its GB/T 2260 code ({@code CN-44}, the
 * form of a product's {@code market_regions}) and a position for the city from
 * {@code geo/cn-places.csv} as a 4-character geohash (a cell of about 39 × 20 km around the city
 * centre; a city not listed there is placed at its province's capital). The address itself is
 * never kept. Addresses outside mainland China, Hong Kong, Macao and Taiwan, and IPv6, have no
 * place here.
 */
public final class ChinaIpPlaces {

    /** Geohash length of an IP-derived position: shorter than a shared position's, which marks it as coarse. */
    public static final int CELL_PRECISION = 4;

    /** A province (its code) and a coarse position of the city, or of the province's capital. */
    public record Place(String region, String cell) {
        public Place {
            Objects.requireNonNull(region, "region");
        }
    }

    private record Known(String region, String province, String city, String cell) {
    }

    private final DbSearcher searcher;
    private final List<Known> places;

    private ChinaIpPlaces(byte[] db, List<Known> places) {
        try {
            this.searcher = new DbSearcher(new DbConfig(), db);
        } catch (DbMakerConfigException e) {
            throw new IllegalStateException("ip2region's default configuration was refused", e);
        }
        this.places = List.copyOf(places);
    }

    /** The database in the jar ({@code /geo/ip2region.db}). */
    public static ChinaIpPlaces bundled() {
        try (InputStream in = ChinaIpPlaces.class.getResourceAsStream("/geo/ip2region.db")) {
            if (in == null) {
                throw new IllegalStateException("geo/ip2region.db is missing from the jar: build with npm on the PATH "
                        + "(the build runs `npm ci` in verify-api/geo-data) or set verify.geo.ip2region-db to the file");
            }
            return of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read geo/ip2region.db from the jar", e);
        }
    }

    /** A database file (verify.geo.ip2region-db). */
    public static ChinaIpPlaces load(Path file) {
        try {
            return of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ip2region database " + file + " (verify.geo.ip2region-db)", e);
        }
    }

    static ChinaIpPlaces of(byte[] db) {
        if (db.length < 8 + 12) {
            throw new IllegalArgumentException("not an ip2region .db file (" + db.length + " bytes)");
        }
        return new ChinaIpPlaces(db, readPlaces());
    }

    private static List<Known> readPlaces() {
        List<Known> out = new ArrayList<>();
        try (InputStream in = ChinaIpPlaces.class.getResourceAsStream("/geo/cn-places.csv")) {
            String text = new String(Objects.requireNonNull(in, "geo/cn-places.csv missing from the jar").readAllBytes(),
                    StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 5) {
                    throw new IllegalStateException("geo/cn-places.csv: expected region,province,city,lat,lon: " + line);
                }
                out.add(new Known(f[0], f[1], f[2], Geohash.encode(Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                        CELL_PRECISION)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The place of an IPv4 literal, or null (not in China, not IPv4, not in the database). */
    public Place placeOf(String address) {
        long ip = ipv4(address);
        if (ip < 0) {
            return null;
        }
        DataBlock block;
        try {
            block = searcher.memorySearch(ip);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (block == null || block.getRegion() == null) {
            return null;
        }
        // country|area|province|city|ISP, "0" where unknown
        String[] f = block.getRegion().split("\\|", -1);
        if (f.length < 4 || !"中国".equals(f[0])) {
            return null;
        }
        Known province = null;
        for (Known k : places) {
            if (!f[2].startsWith(k.province())) {
                continue;
            }
            if (k.city().isEmpty()) {
                province = province == null ? k : province;
            } else if (f[3].startsWith(k.city())) {
                return new Place(k.region(), k.cell());
            }
        }
        return province == null ? null : new Place(province.region(), province.cell());
    }

    /** The address as an unsigned 32-bit number, or -1 if it is not a dotted IPv4 literal. */
    static long ipv4(String address) {
        if (address == null) {
            return -1;
        }
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return -1;
            }
            v = (v << 8) | octet;
        }
        return v;
    }
}
