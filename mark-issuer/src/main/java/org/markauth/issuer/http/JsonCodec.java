package org.markauth.issuer.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.markauth.issuer.activation.RangeAction;
import org.markauth.issuer.audit.AuditEntry;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.batch.JobStatus;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.LicenceChange;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;

/**
 * JSON in and out of the HTTP API. Decoding goes through the records' constructors, so JSON
 * cannot skip validation; a wrongly typed field is reported by name.
 */
final class JsonCodec {

    private JsonCodec() {
    }

    // ------------------------------------------------------------------ out

    static JsonObject licensee(Licensee l) {
        return new JsonObject().put("licenseeId", l.licenseeId()).put("name", l.name()).put("nameEn", l.nameEn())
                .put("uscc", l.uscc()).put("address", l.address()).put("contacts", new JsonObject(new LinkedHashMap<>(l.contacts())))
                .put("blacklisted", l.blacklisted()).put("blacklistReason", l.blacklistReason())
                .put("blacklistedSince", text(l.blacklistedSince())).put("createdAt", text(l.createdAt()))
                .put("updatedAt", text(l.updatedAt()));
    }

    static JsonObject product(Product p) {
        return new JsonObject().put("productId", p.productId()).put("licenseeId", p.licenseeId()).put("name", p.name())
                .put("nameEn", p.nameEn()).put("model", p.model()).put("category", p.category()).put("gtin", p.gtin())
                .put("standardNo", p.standardNo()).put("standardTitle", p.standardTitle())
                .put("coreIndicators", new JsonObject(new LinkedHashMap<>(p.coreIndicators())))
                .put("photoUrls", new JsonArray(List.copyOf(p.photoUrls())))
                .put("marketRegions", new JsonArray(List.copyOf(p.marketRegions())))
                .put("createdAt", text(p.createdAt())).put("updatedAt", text(p.updatedAt()));
    }

    static JsonObject licence(Licence l) {
        return new JsonObject().put("productId", l.productId()).put("licenceNo", l.licenceNo()).put("licenseeId", l.licenseeId())
                .put("validFrom", text(l.validFrom())).put("validUntil", text(l.validUntil())).put("status", l.status().name())
                .put("statusSince", text(l.statusSince())).put("statusReason", l.statusReason());
    }

    static JsonObject change(LicenceChange c) {
        return new JsonObject().put("at", text(c.at())).put("actor", c.actor())
                .put("from", c.from() == null ? null : c.from().name()).put("to", c.to().name()).put("reason", c.reason());
    }

    static JsonObject audit(AuditEntry a) {
        return new JsonObject().put("at", text(a.at())).put("actor", a.actor()).put("action", a.action())
                .put("entity", a.entity()).put("detail", a.detail());
    }

    static JsonObject batch(Batch b) {
        return new JsonObject().put("batchId", b.batchId()).put("productId", b.productId()).put("licenseeId", b.licenseeId())
                .put("lot", b.lot()).put("productionDate", String.valueOf(b.productionDate()))
                .put("expiryDate", b.expiryDate() == null ? null : b.expiryDate().toString()).put("lineId", b.lineId())
                .put("quantity", b.quantity()).put("keyId", String.format("%08x", b.keyId())).put("state", b.state().name())
                .put("idempotencyKey", b.idempotencyKey()).put("createdAt", text(b.createdAt())).put("createdBy", b.createdBy());
    }

    static JsonObject job(JobStatus j) {
        return new JsonObject().put("batchId", j.batchId()).put("state", j.state().name()).put("done", j.done())
                .put("total", j.total()).put("error", j.error()).put("startedAt", text(j.startedAt()))
                .put("updatedAt", text(j.updatedAt())).put("finishedAt", text(j.finishedAt()));
    }

    static JsonObject range(RangeAction r) {
        return new JsonObject().put("at", text(r.at())).put("first", r.firstSeq()).put("last", r.lastSeq())
                .put("action", r.action().name()).put("actor", r.actor());
    }

    static <T> JsonArray array(List<T> items, java.util.function.Function<T, JsonObject> f) {
        JsonArray a = new JsonArray();
        items.forEach(i -> a.add(f.apply(i)));
        return a;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    // ------------------------------------------------------------------ in

    static Licensee.Details licenseeDetails(String id, JsonObject j) {
        return new Licensee.Details(id, string(j, "name"), string(j, "nameEn"), string(j, "uscc"), string(j, "address"),
                stringMap(j, "contacts"));
    }

    static Product.Details productDetails(int id, JsonObject j) {
        return new Product.Details(id, string(j, "licenseeId"), string(j, "name"), string(j, "nameEn"), string(j, "model"),
                string(j, "category"), string(j, "gtin"), string(j, "standardNo"), string(j, "standardTitle"),
                stringMap(j, "coreIndicators"), stringList(j, "photoUrls"), new HashSet<>(stringList(j, "marketRegions")));
    }

    static BatchOrder order(JsonObject j, String idempotencyHeader) {
        String key = idempotencyHeader != null ? idempotencyHeader : string(j, "idempotencyKey");
        return new BatchOrder(integer(j, "productId", 0), integer(j, "quantity", 0), string(j, "lot"),
                date(j, "productionDate"), date(j, "expiryDate"), string(j, "lineId"), key);
    }

    static String string(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException(field + " must be a string");
    }

    static String requiredString(JsonObject j, String field) {
        String v = string(j, field);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return v;
    }

    static int integer(JsonObject j, String field, int dflt) {
        Object v = j.getValue(field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        throw new IllegalArgumentException(field + " must be a whole number (32-bit)");
    }

    static LocalDate date(JsonObject j, String field) {
        String v = string(j, field);
        try {
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be a date YYYY-MM-DD, got '" + v + "'");
        }
    }

    static Instant instant(JsonObject j, String field) {
        String v = requiredString(j, field);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(field + " must be an ISO-8601 instant (2026-01-01T00:00:00Z) or date, got '" + v + "'");
            }
        }
    }

    static Map<String, String> stringMap(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof JsonObject o)) {
            throw new IllegalArgumentException(field + " must be an object of strings");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : o.fieldNames()) {
            m.put(k, string(o, k));
        }
        return m;
    }

    static List<String> stringList(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        List<String> out = new java.util.ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException(field + " must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }
}
