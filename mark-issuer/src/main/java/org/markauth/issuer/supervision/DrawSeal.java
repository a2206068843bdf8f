package org.markauth.issuer.supervision;

import io.vertx.core.json.JsonObject;
import java.util.HexFormat;

/**
 * The commit-and-reveal arithmetic of a draw (docs/supervision.md, "The draw"), all of it with
 * H(x) = lowercase hex SHA-256 of the UTF-8 bytes of x, so anyone can recompute it.
 *
 * The snapshot's canonical form is the JSON object {year, enterprises, inspectorsPerTask, candidates}
 * in that key order, the candidates as published ({@link SupervisionStore#candidatesJson}: sorted by
 * id, conflicts sorted), without whitespace, non-ASCII characters as UTF-8 (what Python's json.dumps
 * gives with ensure_ascii off and compact separators); the snapshot hash is H of that text. The
 * commitment to the office's secret part is H(secret), published at the announcement. The seed is
 * H(snapshotHash | secret | witnessPart), joined by '|', known only once both parts are.
 *
 * The office fixes the snapshot and its secret before anyone gives the witness part, and cannot change
 * either after: a secret that does not hash to the commitment is refused, and the draw runs on the
 * stored snapshot. The seed includes the snapshot hash, so one secret announced for two snapshots
 * still gives unrelated seeds.
 */
public final class DrawSeal {

    /** The shortest secret accepted: long enough that nobody can find it from the published commitment by trying. */
    public static final int MIN_SECRET = 16;
    public static final int MAX_PART = 200;

    private DrawSeal() {
    }

    /** The snapshot's canonical JSON text (see the class comment). */
    public static String canonical(int year, int enterprises, int inspectorsPerTask, RandomDraw.Candidates c) {
        return new JsonObject().put("year", year).put("enterprises", enterprises).put("inspectorsPerTask", inspectorsPerTask)
                .put("candidates", SupervisionStore.candidatesJson(c)).encode();
    }

    public static String snapshotHash(int year, int enterprises, int inspectorsPerTask, RandomDraw.Candidates c) {
        return RandomDraw.h(canonical(year, enterprises, inspectorsPerTask, c));
    }

    public static String commitment(String secret) {
        return RandomDraw.h(secret);
    }

    public static String seed(String snapshotHash, String secret, String witnessPart) {
        return RandomDraw.h(snapshotHash + "|" + secret + "|" + witnessPart);
    }

    /** Whether {@code c} is a commitment's form: 64 lowercase hexadecimal digits. */
    public static boolean isCommitment(String c) {
        return c != null && c.length() == 64 && c.chars().allMatch(ch -> HexFormat.isHexDigit(ch) && !Character.isUpperCase(ch));
    }
}
