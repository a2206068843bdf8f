package org.markauth.verify.draws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
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

    /** The vector's frozen standards as the issuer stores them, out of order (the canonical text sorts them by product id). */
    static JsonArray standards() {
        return new JsonArray()
                .add(new JsonObject().put("productId", 31).put("standardId", "T-FSBZ-0102-2026").put("standardNo", "T/FSBZ 0102-2026")
                        .put("version", "2026").put("indicators", new JsonArray().add(new JsonObject().put("name", "破坏强度").put("unit", "N")
                                .put("requirement", "≥ 1300 N").put("min", "1300").putNull("max"))))
                .add(new JsonObject().put("productId", 11).put("standardId", "T-FSBZ-101-2026").put("standardNo", "T/FSBZ 101-2026")
                        .put("version", "2026").put("indicators", new JsonArray()
                                .add(new JsonObject().put("name", "吸水率").put("unit", "%").put("requirement", "E ≤ 0.5%").putNull("min").put("max", "0.5"))
                                .add(new JsonObject().put("name", "表面质量").putNull("unit").put("requirement", "无裂纹、无釉裂").putNull("min").putNull("max"))));
    }

    static final String SOURCE = "中国福利彩票双色球 2026-08-15 开奖号码";
    static final LocalDate PUBLIC_DATE = LocalDate.of(2026, 8, 15);
    static final String HASH = "0daf3fe13b5c526417bd68e7491fd856e4659149b00efc2d396666a825605b2b";
    static final String SECRET = "5b0e8c1f9a3d47e2b6c8a1f0d9e3b7c4";
    static final String COMMITMENT = "294e745485fb1925782de1362cfbbc6b72bde2f954dd76fa40ff23ad240e6dbd";
    static final String WITNESS = "03 09 14 22 27 31 + 12";
    static final String SEED = "d304175893c2bb928c4627fbf3f10571df7af9dfc644593ceca473277a8ba0c7";
    static final List<PublicDraw.Pick> RESULT = List.of(pick("L-B", 21, "I-1", "I-4"), pick("L-C", 33, "I-1", "I-4"), pick("L-E", 51, "I-5", "I-2"));

    static PublicDraw drawn(List<PublicDraw.Pick> picks) {
        Instant t = Instant.parse("2026-08-16T02:00:00Z");
        return new PublicDraw(UUID.randomUUID(), 2026, "DRAWN", false, 3, 2, null, t, candidates(), HASH, COMMITMENT, t, WITNESS, SECRET,
                SEED, t, picks, null, null, SOURCE, PUBLIC_DATE, standards(), null, null);
    }

    /** The vector's draw voided after its public value was entered, with the secret, the seed and what it would have drawn. */
    static PublicDraw voidedWithSecret(String secret, List<PublicDraw.Pick> wouldHave) {
        Instant t = Instant.parse("2026-08-16T02:00:00Z");
        return new PublicDraw(UUID.randomUUID(), 2026, "VOIDED", false, 3, 2, null, t, candidates(), HASH, COMMITMENT, t, WITNESS, secret,
                null, null, List.of(), "样品库存不足", t, SOURCE, PUBLIC_DATE, standards(), SEED, wouldHave);
    }

    static PublicDraw.Pick pick(String l, int product, String... inspectors) {
        return new PublicDraw.Pick(l, null, null, product, null, null, List.of(inspectors));
    }

    @Test
    void theCanonicalTextIsTheDocumentedOneAndHashesToTheDocumentedHash() {
        String text = Redraw.canonical(2026, 3, 2, SOURCE, PUBLIC_DATE, candidates(), standards());
        assertThat(text).startsWith("{\"year\":2026,\"enterprises\":3,\"inspectorsPerTask\":2,\"publicSource\":\"" + SOURCE
                        + "\",\"publicDate\":\"2026-08-15\",\"candidates\":{\"enterprises\":"
                        + "[{\"licenseeId\":\"L-A\",\"district\":\"440604\",\"productIds\":[11,12]},")
                .contains("{\"licenseeId\":\"L-E\",\"district\":null,\"productIds\":[51]}",
                        "{\"inspectorId\":\"I-2\",\"district\":\"440605\",\"conflicts\":[\"L-C\"]}",
                        "\"standards\":[{\"productId\":11,", "\"min\":null,\"max\":\"0.5\"");
        assertThat(Redraw.h(text)).isEqualTo(HASH);
    }

    @Test
    void theDocumentedDrawChecksOutInEveryPart() {
        assertThat(Redraw.check(drawn(RESULT))).isEqualTo(new Redraw.Checks(true, true, true, true));
        // the public source, its date and the frozen standards are in the hash: none can change after the announcement
        PublicDraw d = drawn(RESULT);
        PublicDraw otherDate = new PublicDraw(d.drawId(), 2026, "DRAWN", false, 3, 2, null, d.announcedAt(), candidates(), HASH, COMMITMENT,
                d.witnessedAt(), WITNESS, SECRET, SEED, d.drawnAt(), RESULT, null, null, SOURCE, PUBLIC_DATE.plusDays(1), standards(), null, null);
        assertThat(Redraw.check(otherDate).snapshot()).isFalse();
        JsonArray relinked = standards();
        relinked.getJsonObject(1).put("version", "2027");
        PublicDraw otherStandard = new PublicDraw(d.drawId(), 2026, "DRAWN", false, 3, 2, null, d.announcedAt(), candidates(), HASH,
                COMMITMENT, d.witnessedAt(), WITNESS, SECRET, SEED, d.drawnAt(), RESULT, null, null, SOURCE, PUBLIC_DATE, relinked, null, null);
        assertThat(Redraw.check(otherStandard).snapshot()).isFalse();
    }

    @Test
    void aResultChangedAfterTheDrawOrAWrongSecretIsCaught() {
        PublicDraw swapped = drawn(List.of(pick("L-B", 21, "I-4", "I-1"), pick("L-C", 33, "I-1", "I-4"), pick("L-E", 51, "I-5", "I-2")));
        assertThat(Redraw.check(swapped)).isEqualTo(new Redraw.Checks(true, true, true, false));
        PublicDraw d = drawn(List.of());
        PublicDraw wrongSecret = new PublicDraw(d.drawId(), 2026, "DRAWN", false, 3, 2, null, d.announcedAt(), candidates(), HASH,
                COMMITMENT, d.witnessedAt(), WITNESS, SECRET + "0", SEED, d.drawnAt(), List.of(), null, null, SOURCE, PUBLIC_DATE, standards(),
                null, null);
        assertThat(Redraw.check(wrongSecret).commitment()).isFalse();
        assertThat(Redraw.check(wrongSecret).seed()).isFalse();
    }

    @Test
    void aDrawVoidedAfterItsPublicValuePublishesAndChecksWhatItWouldHaveDrawn() {
        PublicDraw v = voidedWithSecret(SECRET, RESULT);
        assertThat(v.voidedWithSecret()).isTrue();
        assertThat(v.officePart()).isEqualTo(SECRET);
        assertThat(Redraw.check(v)).isEqualTo(new Redraw.Checks(true, true, true, true));
        JsonObject j = DrawPages.json(v, true);
        assertThat(j.getString("voidSeed")).isEqualTo(SEED);
        assertThat(j.getJsonArray("wouldHaveDrawn")).hasSize(3);
        assertThat(j.fieldNames()).doesNotContain("seed", "result");
        // a would-be result that does not follow from the seed, or a secret that is not the committed one, is caught
        assertThat(Redraw.check(voidedWithSecret(SECRET, List.of(RESULT.get(1), RESULT.get(0), RESULT.get(2)))).result()).isFalse();
        assertThat(Redraw.check(voidedWithSecret(SECRET + "0", RESULT)).commitment()).isFalse();
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
                t, WITNESS, SECRET, null, null, List.of(pick("L-A", 11, "I-2", "I-3")), null, null, SOURCE, PUBLIC_DATE, standards(), null,
                List.of(pick("L-A", 11, "I-2", "I-3")));
        assertThat(announced.drawn()).isFalse();
        assertThat(announced.officePart()).isNull();
        assertThat(announced.picks()).isEmpty();
        assertThat(announced.wouldHave()).isEmpty();
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
