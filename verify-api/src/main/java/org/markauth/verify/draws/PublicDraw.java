package org.markauth.verify.draws;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One supervision draw as the public may see it (docs/supervision.md, "Published"): what the issuer's
 * supervision package stored in {@code supervision_draws} (V023, V029), less the user ids of the office's
 * staff (the public sees the role). The office's secret part, the seed and the result exist only from
 * the reveal on ({@link #drawn()}); an announced draw publishes its snapshot hash and commitment only.
 *
 * @param state        ANNOUNCED, DRAWN or VOIDED; a row stored before V029 (no state) is DRAWN and {@link #legacy()}
 * @param candidates   the frozen candidate lists as stored ({@code {"enterprises": [...], "inspectors": [...]}})
 * @param picks        the result in drawn order, empty before the reveal
 * @param publicSource where the seed's public part comes from, as announced (null for a draw announced without one)
 * @param publicDate   the day that value became public
 * @param standards    each candidate product's standard version frozen at the announcement, as stored (an empty array when none)
 * @param voidSeed     the seed of a draw voided after its public part was known (its secret then is {@code officePart})
 * @param wouldHave    the result that seed gives, as stored with the void; empty otherwise
 */
public record PublicDraw(UUID drawId, int year, String state, boolean legacy, int enterprises, int inspectorsPerTask, LocalDate dueOn,
                         Instant announcedAt, JsonObject candidates, String snapshotHash, String commitment, Instant witnessedAt,
                         String witnessPart, String officePart, String seed, Instant drawnAt, List<Pick> picks, String voidReason,
                         Instant voidedAt, String publicSource, LocalDate publicDate, io.vertx.core.json.JsonArray standards, String voidSeed,
                         List<Pick> wouldHave) {

    /** One drawn enterprise: the product to sample and the inspectors (ids as the snapshot has them), with the registry's names. */
    public record Pick(String licenseeId, String name, String nameEn, int productId, String productName, String productNameEn,
                       List<String> inspectorIds) {
        public Pick {
            Objects.requireNonNull(licenseeId, "licenseeId");
            inspectorIds = List.copyOf(inspectorIds);
        }

        Pick named(String name, String nameEn, String productName, String productNameEn) {
            return new Pick(licenseeId, name, nameEn, productId, productName, productNameEn, inspectorIds);
        }
    }

    public PublicDraw {
        Objects.requireNonNull(drawId, "drawId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(candidates, "candidates");
        picks = List.copyOf(picks);
        wouldHave = wouldHave == null || voidSeed == null ? List.of() : List.copyOf(wouldHave);
        standards = standards == null ? new io.vertx.core.json.JsonArray() : standards;
        if (seed == null) {
            // before the reveal nothing of it is published, whatever a row may hold (a void with the secret publishes it)
            picks = List.of();
            if (voidSeed == null) {
                officePart = null;
            }
        }
    }

    /** Whether the draw was voided after its public part was known, with the secret, the seed and what it would have drawn. */
    public boolean voidedWithSecret() {
        return voided() && voidSeed != null && seed == null;
    }

    /** Whether the seed and the result are known: drawn, or voided after it was drawn. */
    public boolean drawn() {
        return seed != null;
    }

    public boolean voided() {
        return "VOIDED".equals(state);
    }

    PublicDraw withPicks(List<Pick> named) {
        return new PublicDraw(drawId, year, state, legacy, enterprises, inspectorsPerTask, dueOn, announcedAt, candidates, snapshotHash,
                commitment, witnessedAt, witnessPart, officePart, seed, drawnAt, named, voidReason, voidedAt, publicSource, publicDate, standards,
                voidSeed, wouldHave);
    }

    PublicDraw withWouldHave(List<Pick> named) {
        return new PublicDraw(drawId, year, state, legacy, enterprises, inspectorsPerTask, dueOn, announcedAt, candidates, snapshotHash,
                commitment, witnessedAt, witnessPart, officePart, seed, drawnAt, picks, voidReason, voidedAt, publicSource, publicDate, standards,
                voidSeed, named);
    }
}
