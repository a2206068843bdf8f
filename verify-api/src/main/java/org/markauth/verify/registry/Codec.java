package org.markauth.verify.registry;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** How a registry value is written to and read from the shared (Redis) cache tier. */
public record Codec<V>(Function<V, JsonObject> encoder, Function<JsonObject, V> decoder) {

    public static final Codec<MarkRow> MARK = new Codec<>(MarkRow::toJson, MarkRow::fromJson);
    public static final Codec<BatchView> BATCH = new Codec<>(BatchView::toJson, BatchView::fromJson);
    public static final Codec<ProductView> PRODUCT = new Codec<>(ProductView::toJson, ProductView::fromJson);
    public static final Codec<LicenseeView> LICENSEE = new Codec<>(LicenseeView::toJson, LicenseeView::fromJson);
    public static final Codec<BlockView> BLOCK = new Codec<>(BlockView::toJson, BlockView::fromJson);
    public static final Codec<RuleOverrides> RULES = new Codec<>(RuleOverrides::toJson, RuleOverrides::fromJson);

    public String encode(V value) {
        return encoder.apply(value).encode();
    }

    public V decode(String text) {
        return decoder.apply(new JsonObject(text));
    }
}
