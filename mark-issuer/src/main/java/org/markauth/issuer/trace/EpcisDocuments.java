package org.markauth.issuer.trace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** EPCIS 2.0 JSON-LD documents in and out (the envelope; events are {@link EpcisEvent}). */
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

    /** Reads the events of an EPCISDocument (or of a bare {@code eventList} for tools that send only that). */
    public static List<Entry> read(JsonObject doc) {
        if (!"EPCISDocument".equals(doc.getValue("type"))) {
            throw new IllegalArgumentException("type must be EPCISDocument (EPCIS 2.0 JSON-LD), got '" + doc.getValue("type") + "'");
        }
        Object sv = doc.getValue("schemaVersion");
        if (sv != null && !String.valueOf(sv).startsWith("2.")) {
            throw new IllegalArgumentException("schemaVersion " + sv + " is not supported; send EPCIS 2.0 (\"schemaVersion\": \"2.0\")");
        }
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
                out.add(new Entry(i, EpcisEvent.fromJson(ej), null));
            } catch (EpcisException ex) {
                out.add(new Entry(i, null, ex));
            }
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
