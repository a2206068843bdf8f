package org.markauth.verify.registry;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The manufacturer shown on the page, with its blacklist status. */
public record LicenseeView(String licenseeId, String name, String nameEn, boolean blacklisted,
                           String blacklistReason, Instant blacklistedSince) {

    JsonObject toJson() {
        return new JsonObject().put("l", licenseeId).put("n", name).put("ne", nameEn).put("b", blacklisted)
                .put("br", blacklistReason).put("bs", Json.instant(blacklistedSince));
    }

    static LicenseeView fromJson(JsonObject j) {
        return new LicenseeView(j.getString("l"), j.getString("n"), j.getString("ne"),
                j.getBoolean("b", false), j.getString("br"), Json.instant(j.getString("bs")));
    }
}
