package org.markauth.verify.trace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** What a case or pallet holds, as the officer record and the JSON verdict ({@code ?contents=true}) show it. */
public final class ContentsJson {

    private ContentsJson() {
    }

    /** {@code {"count": n, "more": bool, "items": [item, …]}}: the count capped at {@link Aggregations#MAX_COUNTED}. */
    public static JsonObject of(Contents c) {
        JsonArray items = new JsonArray();
        c.items().forEach(i -> items.add(item(i.batchId(), i.serial(), i.epc(), i.since(), i.state())));
        return new JsonObject().put("count", c.count()).put("more", c.more()).put("items", items);
    }

    /** One item: its mark's ids (serial in the 16-hex form of the officer routes), EPC, since when, state. */
    public static JsonObject item(int batchId, long serial, String epc, Instant since, String state) {
        return new JsonObject().put("batchId", batchId).put("serial", String.format("%016x", serial)).put("epc", epc)
                .put("since", since == null ? null : since.toString()).put("state", state);
    }
}
