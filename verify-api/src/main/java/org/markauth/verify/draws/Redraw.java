package org.markauth.verify.draws;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The public's own check of a draw, redone here from what is published (docs/supervision.md, "The
 * snapshot's canonical form" and "The ranking"): the snapshot's canonical text and its SHA-256, the
 * secret against the commitment, the seed from its three parts, and the ranking from the seed.
 *
 * <p>This deliberately repeats the issuer's {@code DrawSeal} and {@code RandomDraw} rather than
 * sharing them: verify-api does not depend on mark-issuer (the enforcer keeps it so), and a second
 * implementation written from the documented rule is what "anyone can re-draw it" means; the tests
 * hold both to the documented test vector. {@code H(x)} is the lowercase hex SHA-256 of x's UTF-8 bytes.
 */
final class Redraw {

    /** What the page says about each check: null when it does not apply (an announced draw, a draw stored before V029). */
    record Checks(Boolean snapshot, Boolean commitment, Boolean seed, Boolean result) {
    }

    private Redraw() {
    }

    /**
     * The canonical text of the snapshot: {year, enterprises, inspectorsPerTask, publicSource, publicDate,
     * candidates, standards} in that key order, no whitespace, non-ASCII as UTF-8, enterprises by
     * licenseeId with their productIds ascending, inspectors by inspectorId with their conflicts sorted,
     * standards by productId, each {productId, standardId, standardNo, version, indicators} with each
     * indicator {name, unit, requirement, min, max} (limits are text, copied as published).
     */
    static String canonical(int year, int enterprises, int inspectorsPerTask, String publicSource, LocalDate publicDate,
                            JsonObject candidates, JsonArray standards) {
        JsonArray e = new JsonArray();
        objects(candidates.getJsonArray("enterprises")).stream().sorted(Comparator.comparing((JsonObject x) -> x.getString("licenseeId")))
                .forEach(x -> e.add(new JsonObject().put("licenseeId", x.getString("licenseeId")).put("district", x.getString("district"))
                        .put("productIds", new JsonArray(x.getJsonArray("productIds").stream().map(n -> ((Number) n).intValue()).sorted().toList()))));
        JsonArray i = new JsonArray();
        objects(candidates.getJsonArray("inspectors")).stream().sorted(Comparator.comparing((JsonObject x) -> x.getString("inspectorId")))
                .forEach(x -> i.add(new JsonObject().put("inspectorId", x.getString("inspectorId")).put("district", x.getString("district"))
                        .put("conflicts", new JsonArray(x.getJsonArray("conflicts").stream().map(String.class::cast).sorted().toList()))));
        JsonArray s = new JsonArray();
        objects(standards).stream().sorted(Comparator.comparingInt((JsonObject x) -> x.getInteger("productId"))).forEach(x -> s.add(
                new JsonObject().put("productId", x.getInteger("productId")).put("standardId", x.getString("standardId"))
                        .put("standardNo", x.getString("standardNo")).put("version", x.getString("version"))
                        .put("indicators", new JsonArray(objects(x.getJsonArray("indicators")).stream().map(n -> new JsonObject()
                                .put("name", n.getString("name")).put("unit", n.getString("unit")).put("requirement", n.getString("requirement"))
                                .put("min", n.getString("min")).put("max", n.getString("max"))).toList()))));
        return new JsonObject().put("year", year).put("enterprises", enterprises).put("inspectorsPerTask", inspectorsPerTask)
                .put("publicSource", publicSource).put("publicDate", publicDate == null ? null : publicDate.toString())
                .put("candidates", new JsonObject().put("enterprises", e).put("inspectors", i)).put("standards", s).encode();
    }

    static String canonical(PublicDraw d) {
        return canonical(d.year(), d.enterprises(), d.inspectorsPerTask(), d.publicSource(), d.publicDate(), d.candidates(), d.standards());
    }

    /**
     * Every check that applies to {@code d}: a drawn draw's seed and result, or a draw voided after its
     * public part was known: its seed and the result it would have given.
     */
    static Checks check(PublicDraw d) {
        Boolean snapshot = d.snapshotHash() == null ? null : h(canonical(d)).equals(d.snapshotHash());
        String drawSeed = d.drawn() ? d.seed() : d.voidSeed();
        if (drawSeed == null) {
            return new Checks(snapshot, null, null, null);
        }
        Boolean commitment = d.commitment() == null || d.officePart() == null ? null : h(d.officePart()).equals(d.commitment());
        Boolean seed = d.snapshotHash() == null || d.officePart() == null || d.witnessPart() == null ? null
                : h(d.snapshotHash() + "|" + d.officePart() + "|" + d.witnessPart()).equals(drawSeed);
        Boolean result = ranking(drawSeed, d.candidates(), d.enterprises(), d.inspectorsPerTask())
                .equals(picks(d.drawn() ? d.picks() : d.wouldHave()));
        return new Checks(snapshot, commitment, seed, result);
    }

    /** The drawn (licenseeId, productId, inspectorIds) as published, for comparison. */
    private static List<List<Object>> picks(List<PublicDraw.Pick> picks) {
        return picks.stream().map(p -> List.<Object>of(p.licenseeId(), p.productId(), p.inspectorIds())).toList();
    }

    /** The ranking of docs/supervision.md: each drawn enterprise as [licenseeId, productId, inspectorIds]; an empty list when an enterprise lacks inspectors. */
    static List<List<Object>> ranking(String seed, JsonObject candidates, int count, int perTask) {
        List<JsonObject> enterprises = objects(candidates.getJsonArray("enterprises"));
        List<JsonObject> inspectors = objects(candidates.getJsonArray("inspectors"));
        List<List<Object>> out = new ArrayList<>();
        List<JsonObject> drawn = enterprises.stream()
                .sorted(Comparator.comparing((JsonObject e) -> h(seed + "|enterprise|" + e.getString("licenseeId")))
                        .thenComparing(e -> e.getString("licenseeId")))
                .limit(count).toList();
        for (JsonObject e : drawn) {
            String l = e.getString("licenseeId");
            String district = e.getString("district");
            int product = e.getJsonArray("productIds").stream().map(n -> ((Number) n).intValue())
                    .min(Comparator.comparing((Integer p) -> h(seed + "|product|" + l + "|" + p)).thenComparing(p -> p)).orElseThrow();
            List<String> chosen = inspectors.stream()
                    .filter(i -> !i.getJsonArray("conflicts").contains(l) && (district == null || !district.equals(i.getString("district"))))
                    .map(i -> i.getString("inspectorId"))
                    .sorted(Comparator.comparing((String i) -> h(seed + "|inspector|" + l + "|" + i)).thenComparing(i -> i))
                    .limit(perTask).toList();
            if (chosen.size() < perTask) {
                return List.of();
            }
            out.add(List.of(l, product, chosen));
        }
        return out;
    }

    private static List<JsonObject> objects(JsonArray a) {
        List<JsonObject> out = new ArrayList<>();
        if (a != null) {
            a.forEach(o -> out.add((JsonObject) o));
        }
        return out;
    }

    /** {@code H(x)}: the lowercase hex SHA-256 of {@code x}'s UTF-8 bytes. */
    static String h(String x) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(x.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
