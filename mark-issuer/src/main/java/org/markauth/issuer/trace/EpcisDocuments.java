package org.markauth.issuer.trace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** EPCIS 2.0 JSON-LD documents in and out (the envelope, EPCIS 2.0 section 9; events are {@link EpcisEvent}). */
public final class EpcisDocuments {

    /** The GS1 EPCIS 2.0 JSON-LD context and the programme's own prefix for its URNs. */
    public static final JsonArray CONTEXT = new JsonArray()
            .add("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld")
            .add(new JsonObject().put("markauth", "urn:markauth:"));

    private EpcisDocuments() {
    }

    /** One entry of a document: its event, or why it was refused. */
    public record Entry(int index, EpcisEvent event, EpcisException error) {
    }

    /** The events of a document with its {@code @context} (null when it sent none). */
    public record Read(List<Entry> entries, Object context, Map<String, String> namespaces) {

        /** The document's @context as JSON text (as epcis_events.context keeps it), or null. */
        public String contextJson() {
            if (context == null) {
                return null;
            }
            return io.vertx.core.json.Json.encode(context);
        }
    }

    /** Reads the events of an EPCISDocument. */
    public static List<Entry> read(JsonObject doc) {
        return readDocument(doc).entries();
    }

    /** Reads an EPCISDocument: its events (each validated, or refused with its reason) and its @context. */
    public static Read readDocument(JsonObject doc) {
        if (!"EPCISDocument".equals(doc.getValue("type"))) {
            throw new IllegalArgumentException("type must be EPCISDocument (EPCIS 2.0 JSON-LD), got '" + doc.getValue("type") + "'");
        }
        Object sv = doc.getValue("schemaVersion");
        if (sv != null && !String.valueOf(sv).startsWith("2.")) {
            throw new IllegalArgumentException("schemaVersion " + sv + " is not supported; send EPCIS 2.0 (\"schemaVersion\": \"2.0\")");
        }
        Object context = doc.getValue("@context");
        if (context != null && !(context instanceof String) && !(context instanceof JsonArray) && !(context instanceof JsonObject)) {
            throw new IllegalArgumentException("@context must be a URI, an object or an array of them (JSON-LD 1.1)");
        }
        Map<String, String> namespaces = namespaces(context);
        JsonObject body = doc.getValue("epcisBody") instanceof JsonObject o ? o : null;
        JsonArray events = body == null ? null : body.getValue("eventList") instanceof JsonArray a ? a : null;
        if (events == null) {
            throw new IllegalArgumentException("epcisBody.eventList is required (an array of events)");
        }
        List<Entry> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Object e = events.getValue(i);
            if (!(e instanceof JsonObject ej)) {
                out.add(new Entry(i, null, new EpcisException("MALFORMED_EVENT", "event " + i + " is not a JSON object")));
                continue;
            }
            try {
                Map<String, String> ns = namespaces;
                if (ej.getValue("@context") != null) {
                    ns = new LinkedHashMap<>(namespaces);
                    ns.putAll(namespaces(ej.getValue("@context")));
                }
                out.add(new Entry(i, EpcisEvent.fromJson(ej, ns), null));
            } catch (EpcisException ex) {
                out.add(new Entry(i, null, ex));
            }
        }
        return new Read(out, context, namespaces);
    }

    /** The prefix -> namespace IRI entries of a JSON-LD @context (objects of it; remote contexts are not fetched). */
    static Map<String, String> namespaces(Object context) {
        Map<String, String> out = new LinkedHashMap<>();
        if (context instanceof JsonObject o) {
            o.forEach(en -> {
                if (en.getValue() instanceof String iri && !en.getKey().startsWith("@")) {
                    out.put(en.getKey(), iri);
                }
            });
        } else if (context instanceof JsonArray a) {
            a.forEach(x -> out.putAll(namespaces(x)));
        }
        return out;
    }

    /** A document holding {@code events} (stored bodies), in the given order. */
    public static JsonObject write(List<JsonObject> events, Instant created) {
        JsonArray list = new JsonArray();
        events.forEach(list::add);
        return new JsonObject().put("@context", CONTEXT.copy()).put("type", "EPCISDocument").put("schemaVersion", "2.0")
                .put("creationDate", created.toString()).put("epcisBody", new JsonObject().put("eventList", list));
    }
}
