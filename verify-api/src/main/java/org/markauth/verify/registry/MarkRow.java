package org.markauth.verify.registry;

import org.markauth.registry.UnitState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One issued unit as the verifier needs it: its print sequence (to find the activation range) and
 * the per-unit state override, if any (null = follow the batch's ranges).
 */
public record MarkRow(int batchId, long serial, int seq, UnitState state, Instant stateAt) {

    public MarkRow {
        if (seq < 1) {
            throw new IllegalArgumentException("mark seq must be >= 1, got " + seq);
        }
    }

    JsonObject toJson() {
        return new JsonObject().put("b", batchId).put("s", serial).put("q", seq)
                .put("st", state == null ? null : state.name()).put("sa", Json.instant(stateAt));
    }

    static MarkRow fromJson(JsonObject j) {
        return new MarkRow(j.getInteger("b"), j.getLong("s"), j.getInteger("q"), UnitState.ofColumn(j.getString("st")),
                Json.instant(j.getString("sa")));
    }
}
