package org.markauth.issuer.trace.query;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.markauth.issuer.trace.EpcisDocuments;

/**
 * The documents a query answers: the EPCIS 2.0 {@code EPCISQueryDocument} (EPCIS 2.0 section 8.2.7 and
 * GS1's {@code JSON/EPCISQueryDocument.jsonld}: {@code epcisBody.queryResults} with {@code queryName},
 * {@code subscriptionID} when a subscription delivers it, and {@code resultsBody.eventList}) and, for
 * the legacy export parameters, the {@code EPCISDocument} they always answered.
 *
 * <p>Each event is written as captured, plus what the repository knows of it: {@code recordTime}
 * (section 7.4.1: set by the repository, from {@code record_time}), {@code eventID} (the hash when the
 * sender gave none) and, for an event declared in error, {@code errorDeclaration} (section 7.4.1.2) as
 * the declaring event gave it. The {@code @context} is the EPCIS 2.0 context, the programme's prefix
 * and every namespace the events' own documents declared (their stored {@code context}), so extension
 * fields keep their meaning. Two documents binding one prefix to different IRIs cannot share one
 * context: the first binding wins (documented in docs/api-trace.md).
 */
public final class QueryDocuments {

    public static final String SIMPLE_EVENT_QUERY = "SimpleEventQuery";

    private QueryDocuments() {
    }

    /** An EPCISQueryDocument of {@code events} for {@code queryName} (and {@code subscriptionId}, or null). */
    public static JsonObject queryDocument(String queryName, String subscriptionId, List<EventFilter.Stored> events, Instant created) {
        JsonObject results = new JsonObject().put("queryName", queryName);
        if (subscriptionId != null) {
            results.put("subscriptionID", subscriptionId);
        }
        results.put("resultsBody", new JsonObject().put("eventList", eventList(events)));
        return new JsonObject().put("@context", context(events)).put("type", "EPCISQueryDocument").put("schemaVersion", "2.0")
                .put("creationDate", created.toString()).put("epcisBody", new JsonObject().put("queryResults", results));
    }

    /** The legacy export document (GET /events?epc= or ?from=&to=): an EPCISDocument with the same events. */
    public static JsonObject document(List<EventFilter.Stored> events, Instant created) {
        return new JsonObject().put("@context", context(events)).put("type", "EPCISDocument").put("schemaVersion", "2.0")
                .put("creationDate", created.toString()).put("epcisBody", new JsonObject().put("eventList", eventList(events)));
    }

    static JsonArray eventList(List<EventFilter.Stored> events) {
        JsonArray list = new JsonArray();
        events.forEach(e -> list.add(event(e)));
        return list;
    }

    /** One event as the query answers it. */
    static JsonObject event(EventFilter.Stored e) {
        JsonObject out = e.body().copy();
        if (!(out.getValue("eventID") instanceof String)) {
            out.put("eventID", e.hash());
        }
        if (e.recordTime() != null) {
            out.put("recordTime", e.recordTime().toString());
        }
        if (e.declaredAt() != null) {
            JsonObject d = e.declaration() != null ? e.declaration().copy() : new JsonObject();
            if (!d.containsKey("declarationTime")) {
                d.put("declarationTime", e.declaredAt().toString());
            }
            if (!d.containsKey("reason") && e.declaredReason() != null) {
                d.put("reason", e.declaredReason());
            }
            out.put("errorDeclaration", d);
        } else {
            out.remove("errorDeclaration");
        }
        return out;
    }

    /** The EPCIS context, the programme's prefix, and the events' namespaces (first binding of a prefix wins). */
    static JsonArray context(List<EventFilter.Stored> events) {
        Set<String> urls = new LinkedHashSet<>();
        Map<String, Object> prefixes = new LinkedHashMap<>();
        add(EpcisDocuments.CONTEXT, urls, prefixes);
        for (EventFilter.Stored e : events) {
            if (e.context() == null || e.context().isBlank()) {
                continue;
            }
            try {
                add(Json.decodeValue(e.context()), urls, prefixes);
            } catch (DecodeException ignored) {
                // a context that does not parse adds nothing; the event itself is still answered
            }
        }
        JsonArray out = new JsonArray();
        urls.forEach(out::add);
        if (!prefixes.isEmpty()) {
            out.add(new JsonObject(prefixes));
        }
        return out;
    }

    private static void add(Object ctx, Set<String> urls, Map<String, Object> prefixes) {
        if (ctx instanceof String s) {
            urls.add(s);
        } else if (ctx instanceof JsonObject o) {
            o.forEach(en -> prefixes.putIfAbsent(en.getKey(), en.getValue()));
        } else if (ctx instanceof JsonArray a) {
            a.forEach(x -> add(x, urls, prefixes));
        }
    }
}
