package org.markauth.verify.registry;

import org.markauth.registry.RangeKind;
import org.markauth.registry.BatchState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch with its activation history (batch_ranges, oldest first). Range activation is one row
 * per action, so a batch of a million units carries a handful of ranges, not a million states.
 * {@code certificateNo} (V025) names the licence certificate whose QR the batch's one unit is, null
 * for a batch of product units (docs/certificates.md).
 */
public record BatchView(int batchId, int productId, String licenseeId, String lot,
                        LocalDate productionDate, LocalDate expiryDate, String lineId, int quantity,
                        BatchState state, Instant recalledAt, String recallReason, String recallNotice,
                        Instant createdAt, List<Range> ranges, String certificateNo) {

    /** A batch of product units (no certificate). */
    public BatchView(int batchId, int productId, String licenseeId, String lot, LocalDate productionDate, LocalDate expiryDate,
                     String lineId, int quantity, BatchState state, Instant recalledAt, String recallReason, String recallNotice,
                     Instant createdAt, List<Range> ranges) {
        this(batchId, productId, licenseeId, lot, productionDate, expiryDate, lineId, quantity, state, recalledAt, recallReason,
                recallNotice, createdAt, ranges, null);
    }

    /** Whether the batch is a licence certificate's: its unit is never counted as a product unit. */
    public boolean certificate() {
        return certificateNo != null;
    }

    /** One ACTIVATE or VOID action over print sequences first..last (inclusive). */
    public record Range(int firstSeq, int lastSeq, RangeKind action, Instant at) {
        public Range {
            Objects.requireNonNull(action, "action");
            if (firstSeq > lastSeq) {
                throw new IllegalArgumentException("range first_seq " + firstSeq + " > last_seq " + lastSeq);
            }
        }

        boolean covers(int seq) {
            return seq >= firstSeq && seq <= lastSeq;
        }
    }

    public BatchView {
        ranges = List.copyOf(ranges);
    }

    public boolean recalled() {
        return state == BatchState.RECALLED;
    }

    /** The action of the latest range covering {@code seq}, empty when none (never activated). */
    public Optional<RangeKind> latestActionFor(int seq) {
        for (int i = ranges.size() - 1; i >= 0; i--) {
            if (ranges.get(i).covers(seq)) {
                return Optional.of(ranges.get(i).action());
            }
        }
        return Optional.empty();
    }

    /** When the range in force for {@code seq} activated it (the line put the unit on goods); empty when it is not an ACTIVATE. */
    public Optional<Instant> activatedAt(int seq) {
        for (int i = ranges.size() - 1; i >= 0; i--) {
            if (ranges.get(i).covers(seq)) {
                return ranges.get(i).action() == RangeKind.ACTIVATE ? Optional.ofNullable(ranges.get(i).at()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    JsonObject toJson() {
        JsonArray rs = new JsonArray();
        for (Range r : ranges) {
            rs.add(new JsonArray().add(r.firstSeq()).add(r.lastSeq()).add(r.action().name()).add(Json.instant(r.at())));
        }
        return new JsonObject().put("b", batchId).put("p", productId).put("l", licenseeId).put("lot", lot)
                .put("pd", Json.date(productionDate)).put("ed", Json.date(expiryDate)).put("line", lineId)
                .put("q", quantity).put("st", state == null ? null : state.name()).put("ra", Json.instant(recalledAt))
                .put("rr", recallReason).put("rn", recallNotice).put("ca", Json.instant(createdAt))
                .put("r", rs).put("cn", certificateNo);
    }

    static BatchView fromJson(JsonObject j) {
        JsonArray rs = j.getJsonArray("r");
        List<Range> ranges = new ArrayList<>(rs.size());
        for (int i = 0; i < rs.size(); i++) {
            JsonArray r = rs.getJsonArray(i);
            ranges.add(new Range(r.getInteger(0), r.getInteger(1), RangeKind.valueOf(r.getString(2)), Json.instant(r.getString(3))));
        }
        return new BatchView(j.getInteger("b"), j.getInteger("p"), j.getString("l"), j.getString("lot"),
                Json.date(j.getString("pd")), Json.date(j.getString("ed")), j.getString("line"),
                j.getInteger("q", 0), BatchState.ofColumn(j.getString("st")), Json.instant(j.getString("ra")), j.getString("rr"),
                j.getString("rn"), Json.instant(j.getString("ca")), ranges, j.getString("cn"));
    }
}
