package org.markauth.verify.registry;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * The block state of one unit (V009 {@code mark_blocks}): blocked as a confirmed or presumed clone,
 * or unblocked by the regulator (the row stays, so an automatic block does not undo that decision).
 *
 * @param actor   the regulator's user id, or {@code verify-api:auto-block} for the scan-count threshold
 * @param alertId the confirmed alert that blocked it, or null
 */
public record BlockView(int batchId, long serial, boolean blocked, Instant since, String actor, String reason,
                        UUID alertId) {

    JsonObject toJson() {
        return new JsonObject().put("b", batchId).put("s", serial).put("on", blocked).put("at", Json.instant(since))
                .put("by", actor).put("why", reason).put("alert", alertId == null ? null : alertId.toString());
    }

    static BlockView fromJson(JsonObject j) {
        String alert = j.getString("alert");
        return new BlockView(j.getInteger("b"), j.getLong("s"), j.getBoolean("on"), Json.instant(j.getString("at")),
                j.getString("by"), j.getString("why"), alert == null ? null : UUID.fromString(alert));
    }
}
