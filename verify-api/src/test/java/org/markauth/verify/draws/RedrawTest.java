package org.markauth.verify.draws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * verify-api's own re-check of a draw against the test vector of docs/supervision.md (the one the
 * issuer's DrawSealTest and RandomDrawTest hold the issuer to): the canonical text and its hash, the
 * commitment, the seed, the ranking, and a result that was changed after the draw.
 */
class RedrawTest {

    /** The vector's candidates in a shuffled order, with conflicts and product ids out of order: the canonical text sorts them. */
    static JsonObject candidates() {
        return new JsonObject().put("enterprises", new JsonArray()
                        .add(e("L-C", "440606", 33, 31, 32)).add(e("L-A", "440604", 12, 11)).add(e("L-E", null, 51))
                        .add(e("L-B", "440605", 21)).add(e("L-D", "440604", 41)))
                .put("inspectors", new JsonArray()
                        .add(i("I-4", "440607", "L-A")).add(i("I-1", "440604")).add(i("I-3", "440606")).add(i("I-5", "440608"))
                        .add(i("I-2", "440605", "L-C")));
    }

    static JsonObject e(String id, String district, Integer... products) {
        return new JsonObject().put("licenseeId", id).put("district", district).put("productIds", new JsonArray(List.of(products)));
    }

    static JsonObject i(String id, String district, String... conflicts) {
        return new JsonObject().put("inspectorId", id).put("district", district).put("conflicts", new JsonArray(List.of(conflicts)));
    }

    static final String HASH = "75abfe2ed6d2e9c32da1bc05d44c10f69dced29aab04f9767e6b94cd2bf43b6e";
    static final String SECRET = "5b0e8c1f9a3d47e2b6c8a1f0d9e3b7c4";
    static final String COMMITMENT = "294e745485fb1925782de1362cfbbc6b72bde2f954dd76fa40ff23ad240e6dbd";
    static final String WITNESS = "2026-08-15 上证指数收盘 3021.57";
    static final String SEED = "edd6cc2b224bd68ccb76c50c151d1dd4c100f3fd1c1c352824e7699d13ab1b16";

    static PublicDraw drawn(List<PublicDraw.Pick> picks) {
        Instant t = Instant.parse("2026-08-16T02:00:00Z");
        return new PublicDraw(UUID.randomUUID(), 2026, "DRAWN", false, 3, 2, null, t, candidates(), HASH, COMMITMENT, t, WITNESS, SECRET,
                SEED, t, picks, null, null);
    }

    static PublicDraw.Pick pick(String l, int product, String... inspectors) {
        return new PublicDraw.Pick(l, null, null, product, null, null, List.of(inspectors));
    }

    @Test
    void theCanonicalTextIsTheDocumentedOneAndHashesToTheDocumentedHash() {
        String text = Redraw.canonical(2026, 3, 2, candidates());
        assertThat(text).startsWith("{\"year\":2026,\"enterprises\":3,\"inspectorsPerTask\":2,\"candidates\":{\"enterprises\":"
                        + "[{\"licenseeId\":\"L-A\",\"district\":\"440604\",\"productIds\":[11,12]},")
                .contains("{\"licenseeId\":\"L-E\",\"district\":null,\"productIds\":[51]}",
                        "{\"inspectorId\":\"I-2\",\"district\":\"440605\",\"conflicts\":[\"L-C\"]}")
                .doesNotContain(" ");
        assertThat(Redraw.h(text)).isEqualTo(HASH);
    }

    @Test
    void theDocumentedDrawChecksOutInEveryPart() {
        PublicDraw d = drawn(List.of(pick("L-E", 51, "I-2", "I-1"), pick("L-B", 21, "I-5", "I-1"), pick("L-C", 31, "I-4", "I-1")));
        assertThat(Redraw.check(d)).isEqualTo(new Redraw.Checks(true, true, true, true));
    }

    @Test
    void aResultChangedAfterTheDrawOrAWrongSecretIsCaught() {
        PublicDraw swapped = drawn(List.of(pick("L-E", 51, "I-1", "I-2"), pick("L-B", 21, "I-5", "I-1"), pick("L-C", 31, "I-4", "I-1")));
        assertThat(Redraw.check(swapped)).isEqualTo(new Redraw.Checks(true, true, true, false));
        PublicDraw d = drawn(List.of());
        PublicDraw wrongSecret = new PublicDraw(d.drawId(), 2026, "DRAWN", false, 3, 2, null, d.announcedAt(), candidates(), HASH,
                COMMITMENT, d.witnessedAt(), WITNESS, SECRET + "0", SEED, d.drawnAt(), List.of(), null, null);
        assertThat(Redraw.check(wrongSecret).commitment()).isFalse();
        assertThat(Redraw.check(wrongSecret).seed()).isFalse();
    }

    @Test
    void theRankingAloneMatchesTheDocumentedSeedsOfDrawsStoredBeforeTheCommitment() {
        assertThat(Redraw.ranking("佛山2026-0815", candidates(), 3, 2)).containsExactly(
                List.of("L-A", 12, List.of("I-2", "I-3")), List.of("L-D", 41, List.of("I-4", "I-2")), List.of("L-E", 51, List.of("I-1", "I-5")));
        assertThat(Redraw.ranking("佛山2026-0816", candidates(), 3, 2)).containsExactly(
                List.of("L-E", 51, List.of("I-1", "I-4")), List.of("L-A", 11, List.of("I-3", "I-5")), List.of("L-D", 41, List.of("I-3", "I-4")));
    }

    @Test
    void beforeTheRevealNothingOfTheResultIsKeptEvenIfARowHeldIt() {
        Instant t = Instant.parse("2027-08-01T02:00:00Z");
        PublicDraw announced = new PublicDraw(UUID.randomUUID(), 2027, "ANNOUNCED", false, 3, 2, null, t, candidates(), HASH, COMMITMENT,
                t, WITNESS, SECRET, null, null, List.of(pick("L-A", 11, "I-2", "I-3")), null, null);
        assertThat(announced.drawn()).isFalse();
        assertThat(announced.officePart()).isNull();
        assertThat(announced.picks()).isEmpty();
        assertThat(DrawPages.json(announced, true).fieldNames()).doesNotContain("officePart", "witnessPart", "seed", "result")
                .contains("snapshotHash", "commitment", "witnessed");
    }

    @Test
    void aDrawIdIsAUuidOfThirtySixCharacters() {
        assertThat(DrawPages.id("abc")).isEmpty();
        assertThat(DrawPages.id("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz")).isEmpty();
        assertThat(DrawPages.id("1-1-1-1-1")).isEmpty();
        assertThat(DrawPages.id("6f1c2a40-3b8e-11f1-9c2b-0242ac120002")).isPresent();
    }
}
