package org.markauth.issuer.supervision;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/**
 * The commit-and-reveal arithmetic of a draw (docs/supervision.md, "The draw"), all of it with
 * H(x) = lowercase hex SHA-256 of the UTF-8 bytes of x, so anyone can recompute it.
 *
 * The snapshot's canonical form is the JSON object {year, enterprises, inspectorsPerTask, publicSource,
 * publicDate, candidates, standards} in that key order, the candidates as published
 * ({@link SupervisionStore#candidatesJson}: sorted by id, conflicts sorted), the standards as
 * {@link SupervisionStore#standardsJson} (by product id, limits as decimal text), without whitespace,
 * non-ASCII characters as UTF-8 (what Python's json.dumps gives with ensure_ascii off and compact
 * separators); the snapshot hash is H of that text. The commitment to the office's secret part is
 * H(secret), published at the announcement. The seed is H(snapshotHash | secret | publicPart), joined
 * by '|', where publicPart is the value the named public source gives on publicDate.
 *
 * The office fixes the snapshot, the public source and its secret before the public value exists and
 * cannot change any of them after: the source and date are inside the hashed snapshot, a secret that does
 * not hash to the commitment is refused, and the draw runs on the stored snapshot. The public value is
 * one anyone can look up, so neither the office nor a colleague of its choosing can pick it; the office
 * cannot pick its secret after seeing it either. The seed includes the snapshot hash, so one secret
 * announced for two snapshots still gives unrelated seeds.
 */
public final class DrawSeal {

    /** The shortest secret accepted: long enough that nobody can find it from the published commitment by trying. */
    public static final int MIN_SECRET = 16;
    public static final int MAX_PART = 200;

    private DrawSeal() {
    }

    /** The snapshot's canonical JSON text (see the class comment). */
    public static String canonical(int year, int enterprises, int inspectorsPerTask, String publicSource, LocalDate publicDate,
                                   RandomDraw.Candidates c, List<Draw.Linked> standards) {
        return new JsonObject().put("year", year).put("enterprises", enterprises).put("inspectorsPerTask", inspectorsPerTask)
                .put("publicSource", publicSource).put("publicDate", publicDate == null ? null : publicDate.toString())
                .put("candidates", SupervisionStore.candidatesJson(c)).put("standards", SupervisionStore.standardsJson(standards)).encode();
    }

    public static String canonical(Draw d) {
        return canonical(d.year(), d.enterprises(), d.inspectorsPerTask(), d.publicSource(), d.publicDate(), d.candidates(), d.standards());
    }

    public static String snapshotHash(Draw d) {
        return RandomDraw.h(canonical(d));
    }

    public static String commitment(String secret) {
        return RandomDraw.h(secret);
    }

    public static String seed(String snapshotHash, String secret, String publicPart) {
        return RandomDraw.h(snapshotHash + "|" + secret + "|" + publicPart);
    }

    /** Whether {@code c} is a commitment's form: 64 lowercase hexadecimal digits. */
    public static boolean isCommitment(String c) {
        return c != null && c.length() == 64 && c.chars().allMatch(ch -> HexFormat.isHexDigit(ch) && !Character.isUpperCase(ch));
    }
}
