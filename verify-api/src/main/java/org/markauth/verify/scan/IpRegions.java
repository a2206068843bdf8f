package org.markauth.verify.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Offline client-address to region lookup. First the {@code cidr,region} tables, longest prefix
 * wins: the built-in one ({@code ip-regions.csv} on the classpath) knows only the ranges whose
 * meaning is fixed by RFCs (loopback, private, link-local → {@code local}; the documentation nets
 * → test regions), and an operator's file ({@code verify.geo.ip-table}) may add or override
 * ranges. Then, for any other address, the ip2region database of China's provinces and cities
 * ({@link ChinaIpPlaces}, shipped in the jar), which also gives a coarse city position. Nothing is
 * downloaded at run time.
 */
public final class IpRegions {

    private record Entry(byte[] net, int bits, String region) {
    }

    private final List<Entry> entries;
    private final ChinaIpPlaces china;

    private IpRegions(List<Entry> entries, ChinaIpPlaces china) {
        this.entries = List.copyOf(entries);
        this.china = china;
    }

    /** The tables (see {@link #load(Path)}) backed by the ip2region database for the addresses they do not list. */
    public static IpRegions load(Path extra, ChinaIpPlaces china) {
        return new IpRegions(load(extra).entries, china);
    }

    /** The built-in table plus, when {@code extra} is set, that file's lines (which take precedence on equal prefixes). */
    public static IpRegions load(Path extra) {
        List<Entry> all = new ArrayList<>();
        try (InputStream in = IpRegions.class.getResourceAsStream("/ip-regions.csv")) {
            parse(new String(Objects.requireNonNull(in, "ip-regions.csv missing from the jar").readAllBytes(),
                    StandardCharsets.UTF_8), "ip-regions.csv", all);
            if (extra != null) {
                parse(Files.readString(extra), extra.toString(), all);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the IP region table " + extra + " (geo.ipTable)", e);
        }
        return new IpRegions(all, null);
    }

    private static void parse(String text, String source, List<Entry> out) throws IOException {
        BufferedReader r = new BufferedReader(new StringReader(text));
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(",", 2);
            String[] cidr = parts[0].strip().split("/");
            if (parts.length != 2 || cidr.length != 2) {
                throw new IllegalArgumentException(source + ":" + no + ": expected 'cidr,region', got '" + line + "'");
            }
            byte[] net = InetAddress.getByName(cidr[0]).getAddress();
            int bits = Integer.parseInt(cidr[1]);
            if (bits < 0 || bits > net.length * 8) {
                throw new IllegalArgumentException(source + ":" + no + ": prefix length " + bits + " out of range");
            }
            out.add(new Entry(net, bits, parts[1].strip()));
        }
    }

    /**
     * Where an address is: its region (the operator's tables first, then ip2region) and its coarse
     * city position from ip2region (a {@value ChinaIpPlaces#CELL_PRECISION}-character geohash, none
     * when the tables list the address). One table lookup and at most one database search: the
     * request path asks once for both.
     */
    public record Located(String region, String cell) {
        static final Located NOWHERE = new Located(null, null);
    }

    public Located locate(String address) {
        String listed = listedRegionOf(address);
        if (listed != null) {
            return new Located(listed, null);
        }
        ChinaIpPlaces.Place p = china == null ? null : china.placeOf(address);
        return p == null ? Located.NOWHERE : new Located(p.region(), p.cell());
    }

    /** The region of a literal address, {@code null} when unknown or not a literal. */
    public String regionOf(String address) {
        return locate(address).region();
    }

    /** The coarse city position of an address ({@link #locate}), {@code null} when none. */
    public String cellOf(String address) {
        return locate(address).cell();
    }

    private String listedRegionOf(String address) {
        byte[] a;
        try {
            if (address == null || address.isEmpty() || !(Character.digit(address.charAt(0), 16) >= 0 || address.charAt(0) == ':')) {
                return null;
            }
            a = InetAddress.getByName(address).getAddress(); // a literal: no DNS lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
        Entry best = null;
        for (Entry e : entries) {
            if (e.net.length == a.length && matches(e, a) && (best == null || e.bits >= best.bits)) {
                best = e;
            }
        }
        return best == null ? null : best.region;
    }

    private static boolean matches(Entry e, byte[] a) {
        int full = e.bits / 8;
        for (int i = 0; i < full; i++) {
            if (e.net[i] != a[i]) {
                return false;
            }
        }
        int rest = e.bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (e.net[full] & mask) == (a[full] & mask);
    }
}
