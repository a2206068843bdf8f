package org.markauth.issuer.station;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.markauth.access.Caller;
import org.markauth.http.Lang;
import org.markauth.http.Messages;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;

/**
 * The line station's API (docs/api-issuer.md, "Station"), for a STATION key bound to a line: its
 * session, its scans and its packs. Outcomes are values with a sentence in the request's language
 * ({@code station-messages_{zh,en}.properties}); only a malformed body is a 400.
 */
public final class StationRoutes {

    static final Messages WORDS = Messages.load("station-messages", StationRoutes.class.getClassLoader()).requireKeys();

    private final Station station;

    public StationRoutes(Station station) {
        this.station = station;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/station/session"), "station").handler(this::session);
        named(r.post("/api/v1/station/scans"), "station").handler(this::scans);
        named(r.post("/api/v1/station/packs"), "station").handler(this::pack);
    }

    private void session(RoutingContext ctx) {
        Caller c = Requests.caller(ctx);
        reply(ctx, 200, () -> {
            Station.Session s = station.session(c);
            Line l = s.line();
            JsonArray batches = new JsonArray();
            s.batches().forEach(b -> batches.add(new JsonObject().put("batchId", b.batchId()).put("productId", b.productId())
                    .put("productName", b.productName()).put("lot", b.lot()).put("quantity", b.quantity()).put("unitKind", b.unitKind())));
            JsonObject counts = new JsonObject();
            s.counts().forEach((k, m) -> counts.put(k, new JsonObject(new java.util.LinkedHashMap<>(m))));
            return new JsonObject().put("line", new JsonObject().put("lineId", l.lineId()).put("name", l.name())
                            .put("licenseeId", l.licenseeId()).put("packSize", l.packSize()).put("casesPerPallet", l.casesPerPallet()))
                    .put("batches", batches).put("counts", counts);
        });
    }

    private void scans(RoutingContext ctx) {
        Caller c = Requests.caller(ctx);
        Lang lang = Lang.of(ctx);
        List<Station.Scan> scans = scanList(JsonBody.object(ctx));
        reply(ctx, 200, () -> {
            JsonArray results = new JsonArray();
            station.scans(c, scans).forEach(r -> results.add(json(r, lang)));
            return new JsonObject().put("results", results);
        });
    }

    private void pack(RoutingContext ctx) {
        Caller c = Requests.caller(ctx);
        Lang lang = Lang.of(ctx);
        JsonObject b = JsonBody.object(ctx);
        UUID id = uuid(b.getValue("id"), "id");
        Station.Level level = Requests.enumValue(Station.Level.class, JsonCodec.requiredString(b, "level"), "level");
        String parent = JsonCodec.requiredString(b, "parent");
        List<String> children = JsonCodec.stringList(b, "children");
        if (children.isEmpty() || children.size() > 10_000) {
            throw new IllegalArgumentException("children must list 1-10000 scanned codes (the units of the case, or the cases of the pallet)");
        }
        Station.Pack pack = new Station.Pack(id, level, parent, children, at(b.getValue("at"), "at"));
        reply(ctx, 200, () -> json(station.pack(c, pack), lang));
    }

    static JsonObject json(Station.ScanResult r, Lang lang) {
        Station.Unit u = r.unit();
        return new JsonObject().put("id", r.id().toString()).put("mode", r.mode().name()).put("outcome", r.outcome().name())
                .put("message", message(r, lang))
                .put("unit", u == null ? null : new JsonObject().put("batchId", u.batchId()).put("serial", u.serial())
                        .put("short", u.shortSerial()).put("state", u.state()))
                .put("replayed", r.replayed());
    }

    /** The scan's sentence: the outcome's, OK said per mode. */
    public static String message(Station.ScanResult r, Lang lang) {
        String key = r.outcome() == Station.Outcome.OK ? "scan." + r.mode().name() + ".OK" : "scan." + r.outcome().name();
        return WORDS.get(lang, key, r.unit() == null ? "" : r.unit().shortSerial(), r.detail() == null ? "" : r.detail());
    }

    static JsonObject json(Station.PackResult r, Lang lang) {
        return new JsonObject().put("id", r.id().toString()).put("level", r.level().name()).put("outcome", r.outcome().name())
                .put("message", message(r, lang)).put("eventId", r.eventId()).put("replayed", r.replayed());
    }

    public static String message(Station.PackResult r, Lang lang) {
        return WORDS.get(lang, "pack." + r.outcome().name(), r.parentShort() == null ? "" : r.parentShort(),
                r.detail() == null ? "" : r.detail(), WORDS.get(lang, "level." + r.level().name()));
    }

    private static List<Station.Scan> scanList(JsonObject b) {
        Object v = b.getValue("scans");
        if (!(v instanceof JsonArray a) || a.isEmpty() || a.size() > Station.MAX_SCANS) {
            throw new IllegalArgumentException("scans must be an array of 1-" + Station.MAX_SCANS + " scans {\"id\", \"mode\", \"code\", "
                    + "\"reason\" (REJECT only), \"at\"}; send the rest in another call");
        }
        List<Station.Scan> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            String at = "scans[" + i + "]";
            if (!(a.getValue(i) instanceof JsonObject s)) {
                throw new IllegalArgumentException(at + " must be an object {\"id\", \"mode\", \"code\"}");
            }
            UUID id = uuid(s.getValue("id"), at + ".id");
            Object mode = s.getValue("mode");
            Station.Mode m;
            try {
                m = Station.Mode.valueOf(((String) mode).toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(at + ".mode must be ACTIVATE, CHECK or REJECT, got " + (mode == null ? "none" : "'" + mode + "'"));
            }
            if (!(s.getValue("code") instanceof String code)) {
                throw new IllegalArgumentException(at + ".code must be the scanned text (a string)");
            }
            Object reason = s.getValue("reason");
            if (reason != null && !(reason instanceof String)) {
                throw new IllegalArgumentException(at + ".reason must be a string");
            }
            if (m == Station.Mode.REJECT && (reason == null || ((String) reason).isBlank() || ((String) reason).length() > 200)) {
                throw new IllegalArgumentException(at + ": a REJECT scan needs a reason of 1-200 characters (e.g. \"smudged print\")");
            }
            out.add(new Station.Scan(id, m, code, m == Station.Mode.REJECT ? ((String) reason).strip() : null, at(s.getValue("at"), at + ".at")));
        }
        return out;
    }

    private static UUID uuid(Object v, String field) {
        try {
            return UUID.fromString((String) v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " must be a UUID the station made for this scan (e.g. "
                    + "\"3f2b8c1e-6a4d-4e0f-9b7a-2c5d8e1f0a3b\"), got " + (v == null ? "none" : "'" + v + "'"));
        }
    }

    private static Instant at(Object v, String field) {
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse((String) v);
        } catch (ClassCastException | DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant (2026-12-06T09:30:00Z), got '" + v + "'");
        }
    }
}
