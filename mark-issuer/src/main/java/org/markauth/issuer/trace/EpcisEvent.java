package org.markauth.issuer.trace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One EPCIS 2.0 event (GS1 EPCIS 2.0 section 7.4): ObjectEvent, AggregationEvent, TransactionEvent,
 * TransformationEvent or AssociationEvent, with EPC lists and quantity lists, business
 * transactions, sources and destinations, sensor data, ILMD, certificationInfo,
 * persistentDisposition, an errorDeclaration (section 7.4.1.2) and extension fields.
 * {@link #fromJson} validates the event as the GS1 EPCIS 2.0 JSON schema does (identifiers and
 * vocabulary as URIs, quantity elements, required fields per type) and normalises CBV terms;
 * {@link #body()} is the event as stored and exported: the input with CBV terms as bare words
 * ({@link Cbv}), {@code eventTimeZoneOffset} present and {@code eventID} the sender's (or the event
 * hash when it gave none). {@link #hash()} is the CBV 2.0 event hash (CBV 2.0 section 8.9,
 * {@link EventHash}) of the event as sent: two captures of the same event give the same hash
 * whatever the field order, EPC list order or time notation, so a resent document is recorded once,
 * while events that differ in any business content are distinct.
 */
public record EpcisEvent(Type type, Instant eventTime, String timeZoneOffset, Action action, List<String> epcList,
                         String parentId, List<String> childEpcs, List<String> inputEpcs, List<String> outputEpcs,
                         List<Quantity> quantities, String bizStep, String disposition, String readPoint, String bizLocation,
                         String senderEventId, String hash, JsonObject errorDeclaration, JsonObject body) {

    public enum Type { ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent }

    public enum Action { ADD, OBSERVE, DELETE }

    /** Where a quantity element stands in its event. */
    public enum QuantityRole { QUANTITY, CHILD, INPUT, OUTPUT }

    /** One quantity element (EPCIS 2.0 section 7.3.3.3): a class of objects, how many, in which unit. */
    public record Quantity(QuantityRole role, String epcClass, Double quantity, String uom) {
    }

    static final int MAX_EPCS = 10_000;
    private static final int MAX_ID = 1024;
    private static final int MAX_LIST = 1_000;

    public EpcisEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(hash, "hash");
        epcList = List.copyOf(epcList);
        childEpcs = List.copyOf(childEpcs);
        inputEpcs = List.copyOf(inputEpcs);
        outputEpcs = List.copyOf(outputEpcs);
        quantities = List.copyOf(quantities);
    }

    /** The event's own eventID: the sender's, else its hash (what capture results and exports name it by). */
    public String eventId() {
        return senderEventId != null ? senderEventId : hash;
    }

    public boolean declaresError() {
        return errorDeclaration != null;
    }

    /** Every EPC the event names (its list, its parent, its children, its inputs and outputs). */
    public List<String> allEpcs() {
        List<String> all = new ArrayList<>(epcList);
        if (parentId != null) {
            all.add(parentId);
        }
        all.addAll(childEpcs);
        all.addAll(inputEpcs);
        all.addAll(outputEpcs);
        return all;
    }

    /** Reads an event whose document declared no extension namespaces. */
    public static EpcisEvent fromJson(JsonObject j) {
        return fromJson(j, Map.of());
    }

    /**
     * Validates and reads one event of a document; {@code namespaces} are the document's
     * {@code @context} prefixes, which the event hash needs for extension fields.
     */
    public static EpcisEvent fromJson(JsonObject j, Map<String, String> namespaces) {
        Type type;
        Object t = j.getValue("type");
        try {
            type = Type.valueOf(String.valueOf(t));
        } catch (IllegalArgumentException e) {
            if (t instanceof String ts && Cbv.isUri(ts)) {
                throw new EpcisException("UNSUPPORTED_EVENT_TYPE", "event type " + shorten(ts) + " is an extension event type "
                        + "(EPCIS 2.0 section 7.4.8); this programme records the five standard types only");
            }
            throw bad("type must be one of the EPCIS 2.0 event types ObjectEvent, AggregationEvent, TransactionEvent, "
                    + "TransformationEvent or AssociationEvent, got '" + t + "'");
        }
        String timeText = str(j, "eventTime", true);
        Instant time;
        String tz = str(j, "eventTimeZoneOffset", false);
        try {
            OffsetDateTime odt = OffsetDateTime.parse(timeText);
            time = odt.toInstant();
            if (tz == null) {
                tz = odt.getOffset().getId().equals("Z") ? "+00:00" : odt.getOffset().getId();
            }
        } catch (DateTimeParseException e) {
            throw bad("eventTime must be an ISO 8601 date-time with offset (2026-11-20T09:30:00+08:00), got '" + timeText + "'");
        }
        if (tz == null || !tz.matches("[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)")) {
            throw bad("eventTimeZoneOffset must look like +08:00 (-14:00 to +14:00), got '" + tz + "'");
        }
        if (j.getValue("recordTime") != null) {
            time(j, "recordTime");    // the capturing system sets it; a value sent is only checked and dropped
        }
        Action action = null;
        Object a = j.getValue("action");
        if (type != Type.TransformationEvent) {
            try {
                action = Action.valueOf(String.valueOf(Objects.requireNonNull(a)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw bad("action must be ADD, OBSERVE or DELETE, got '" + a + "'");
            }
        } else if (a != null) {
            throw bad("a TransformationEvent has no action (EPCIS 2.0 section 7.4.6)");
        }
        String senderId = str(j, "eventID", false);
        if (senderId != null) {
            uri(senderId, "eventID");
        }
        List<String> epcs = epcs(j, "epcList", type == Type.ObjectEvent || type == Type.TransactionEvent);
        List<String> children = epcs(j, "childEPCs", type == Type.AggregationEvent || type == Type.AssociationEvent);
        List<String> inputs = epcs(j, "inputEPCList", type == Type.TransformationEvent);
        List<String> outputs = epcs(j, "outputEPCList", type == Type.TransformationEvent);
        String parent = str(j, "parentID", false);
        if (parent != null) {
            if (type == Type.ObjectEvent || type == Type.TransformationEvent) {
                throw bad("a " + type + " has no parentID");
            }
            uri(parent, "parentID");
        }
        List<Quantity> quantities = new ArrayList<>();
        quantities(j, "quantityList", QuantityRole.QUANTITY, type == Type.ObjectEvent || type == Type.TransactionEvent, quantities);
        quantities(j, "childQuantityList", QuantityRole.CHILD, type == Type.AggregationEvent || type == Type.AssociationEvent,
                quantities);
        quantities(j, "inputQuantityList", QuantityRole.INPUT, type == Type.TransformationEvent, quantities);
        quantities(j, "outputQuantityList", QuantityRole.OUTPUT, type == Type.TransformationEvent, quantities);
        switch (type) {
            case AggregationEvent -> {
                if (parent == null && action != Action.OBSERVE) {
                    throw bad("an AggregationEvent " + action + " needs parentID (the case or pallet); EPCIS 2.0 section 7.4.3");
                }
                if (children.isEmpty() && quantities.isEmpty() && action == Action.ADD) {
                    throw bad("an AggregationEvent ADD needs childEPCs or childQuantityList");
                }
                if (parent != null && children.contains(parent)) {
                    throw bad("parentID " + parent + " is listed among its own childEPCs");
                }
            }
            case AssociationEvent -> {
                if (parent == null) {
                    throw bad("an AssociationEvent needs parentID (EPCIS 2.0 section 7.4.7)");
                }
                if (children.isEmpty() && quantities.isEmpty() && action == Action.ADD) {
                    throw bad("an AssociationEvent ADD needs childEPCs or childQuantityList");
                }
                if (children.contains(parent)) {
                    throw bad("parentID " + parent + " is listed among its own childEPCs");
                }
            }
            case TransactionEvent -> {
                Object btl = j.getValue("bizTransactionList");
                if (!(btl instanceof JsonArray l) || l.isEmpty()) {
                    throw bad("a TransactionEvent needs a non-empty bizTransactionList (EPCIS 2.0 section 7.4.5)");
                }
            }
            case TransformationEvent -> {
                if (inputs.isEmpty() && outputs.isEmpty() && quantities.isEmpty()) {
                    throw bad("a TransformationEvent needs inputs or outputs (inputEPCList, inputQuantityList, outputEPCList, "
                            + "outputQuantityList)");
                }
                String tid = str(j, "transformationID", false);
                if (tid != null) {
                    uri(tid, "transformationID");
                }
            }
            default -> {
            }
        }
        JsonObject body = j.copy();
        body.remove("recordTime");
        String bizStep = Cbv.bizStep(str(j, "bizStep", false));
        String disposition = Cbv.disposition(str(j, "disposition", false));
        put(body, "bizStep", bizStep);
        put(body, "disposition", disposition);
        String readPoint = location(j, "readPoint");
        String bizLocation = location(j, "bizLocation");
        persistentDisposition(j, body);
        bizTransactions(j, body);
        sourcesOrDestinations(j, body, "sourceList", "source");
        sourcesOrDestinations(j, body, "destinationList", "destination");
        sensorElements(j);
        ilmd(j, type);
        certificationInfo(j);
        JsonObject declaration = errorDeclaration(j, body);
        body.put("eventTimeZoneOffset", tz);
        // the hash of the event as sent, its CBV terms in one spelling: CBV 2.0 section 8.9 canonicalises
        // every spelling of a CBV term to the same URI, so this is the standard's hash, whichever the sender used
        body.remove("eventID");
        String hash = EventHash.of(body, namespaces);
        body.put("eventID", senderId != null ? senderId : hash);
        return new EpcisEvent(type, time, tz, action, epcs, parent, children, inputs, outputs, quantities, bizStep, disposition,
                readPoint, bizLocation, senderId, hash, declaration, body);
    }

    // ------------------------------------------------------------------ parts

    private static void put(JsonObject body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static List<String> epcs(JsonObject j, String field, boolean allowed) {
        Object v = j.getValue(field);
        if (v == null) {
            return List.of();
        }
        if (!allowed) {
            throw bad(String.valueOf(j.getValue("type")) + " has no " + field);
        }
        if (!(v instanceof JsonArray a)) {
            throw bad(field + " must be an array of EPC URIs");
        }
        if (a.size() > MAX_EPCS) {
            throw bad(field + " holds " + a.size() + " EPCs; at most " + MAX_EPCS + " per event");
        }
        List<String> out = new ArrayList<>(a.size());
        Set<String> seen = new HashSet<>();
        for (Object o : a) {
            if (!(o instanceof String s) || s.isBlank() || s.length() > MAX_ID) {
                throw bad(field + " must be an array of EPC URIs (strings of 1-" + MAX_ID + " characters)");
            }
            uri(s, field + " entry");
            if (!seen.add(s)) {
                throw bad(field + " lists " + shorten(s) + " twice (EPCIS 2.0: the items of an EPC list are unique)");
            }
            out.add(s);
        }
        return out;
    }

    private static void quantities(JsonObject j, String field, QuantityRole role, boolean allowed, List<Quantity> out) {
        Object v = j.getValue(field);
        if (v == null) {
            return;
        }
        if (!allowed) {
            throw bad(String.valueOf(j.getValue("type")) + " has no " + field);
        }
        if (!(v instanceof JsonArray a) || a.size() > MAX_EPCS) {
            throw bad(field + " must be an array of at most " + MAX_EPCS + " {\"epcClass\", \"quantity\", \"uom\"} objects");
        }
        for (Object o : a) {
            if (!(o instanceof JsonObject q)) {
                throw bad(field + " must hold {\"epcClass\": \"<URI>\", \"quantity\": 10, \"uom\": \"KGM\"} objects");
            }
            for (String k : q.fieldNames()) {
                if (!Set.of("epcClass", "quantity", "uom").contains(k)) {
                    throw bad(field + " element has field '" + k + "'; a quantity element holds only epcClass, quantity and uom");
                }
            }
            String cls = str(q, "epcClass", true);
            uri(cls, field + " epcClass");
            Object qv = q.getValue("quantity");
            if (qv != null && !(qv instanceof Number)) {
                throw bad(field + " quantity must be a number, got '" + qv + "'");
            }
            String uom = str(q, "uom", false);
            if (uom != null && !uom.matches("[A-Z0-9]{2,3}")) {
                throw bad(field + " uom must be a UN/ECE Recommendation 20 code of 2-3 capitals or digits (KGM, LTR), got '"
                        + uom + "'");
            }
            if (uom != null && qv == null) {
                throw bad(field + " gives uom " + uom + " without a quantity");
            }
            out.add(new Quantity(role, cls, qv == null ? null : ((Number) qv).doubleValue(), uom));
        }
    }

    private static String location(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject o)) {
            throw bad(field + " must be an object {\"id\": \"<URI>\"}");
        }
        String id = str(o, "id", true);
        if (!Cbv.isUri(id)) {
            throw bad(field + " id must be a URI (a GLN as urn:epc:id:sgln:... or https://id.gs1.org/414/..., or "
                    + "urn:markauth:loc:<licensee>:<site>), got '" + shorten(id) + "'");
        }
        return id;
    }

    private static void persistentDisposition(JsonObject j, JsonObject body) {
        Object v = j.getValue("persistentDisposition");
        if (v == null) {
            return;
        }
        if (!(v instanceof JsonObject pd) || (pd.getValue("set") == null && pd.getValue("unset") == null)) {
            throw bad("persistentDisposition must be an object with set and/or unset lists of dispositions");
        }
        JsonObject out = new JsonObject();
        for (String k : pd.fieldNames()) {
            if (!"set".equals(k) && !"unset".equals(k)) {
                throw bad("persistentDisposition holds only set and unset, got '" + k + "'");
            }
            if (!(pd.getValue(k) instanceof JsonArray list) || list.isEmpty()) {
                throw bad("persistentDisposition." + k + " must be a non-empty array of dispositions");
            }
            JsonArray terms = new JsonArray();
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw bad("persistentDisposition." + k + " must be an array of dispositions");
                }
                terms.add(Cbv.disposition(s));
            }
            out.put(k, terms);
        }
        body.put("persistentDisposition", out);
    }

    private static void bizTransactions(JsonObject j, JsonObject body) {
        JsonArray list = array(j, "bizTransactionList");
        if (list == null) {
            return;
        }
        JsonArray out = new JsonArray();
        for (Object o : list) {
            if (!(o instanceof JsonObject bt)) {
                throw bad("bizTransactionList must hold {\"type\": \"po\", \"bizTransaction\": \"<URI>\"} objects");
            }
            for (String k : bt.fieldNames()) {
                if (!"type".equals(k) && !"bizTransaction".equals(k)) {
                    throw bad("a bizTransactionList element holds only type and bizTransaction, got '" + k + "'");
                }
            }
            uri(str(bt, "bizTransaction", true), "bizTransaction");
            JsonObject n = bt.copy();
            String type = str(bt, "type", false);
            if (type != null) {
                n.put("type", Cbv.bizTransactionType(type));
            }
            out.add(n);
        }
        body.put("bizTransactionList", out);
    }

    private static void sourcesOrDestinations(JsonObject j, JsonObject body, String field, String key) {
        JsonArray list = array(j, field);
        if (list == null) {
            return;
        }
        JsonArray out = new JsonArray();
        for (Object o : list) {
            if (!(o instanceof JsonObject d) || !(d.getValue("type") instanceof String type)
                    || !(d.getValue(key) instanceof String id) || d.size() != 2) {
                throw bad(field + " must be an array of {\"type\": \"possessing_party\", \"" + key + "\": \"<URI>\"} objects "
                        + "(for a programme party: urn:markauth:party:<licensee id>)");
            }
            uri(id, field + " " + key);
            out.add(new JsonObject().put("type", Cbv.sourceDestType(type)).put(key, id));
        }
        body.put(field, out);
    }

    private static void sensorElements(JsonObject j) {
        JsonArray list = array(j, "sensorElementList");
        if (list == null) {
            return;
        }
        for (Object o : list) {
            if (!(o instanceof JsonObject se) || !(se.getValue("sensorReport") instanceof JsonArray reports) || reports.isEmpty()) {
                throw bad("sensorElementList must hold objects with a non-empty sensorReport array (EPCIS 2.0 section 7.3.9)");
            }
            Object md = se.getValue("sensorMetadata");
            if (md != null && !(md instanceof JsonObject)) {
                throw bad("sensorMetadata must be an object");
            }
            if (md instanceof JsonObject m) {
                times(m, "sensorMetadata", "time", "startTime", "endTime");
                uris(m, "sensorMetadata", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules");
            }
            for (Object r : reports) {
                if (!(r instanceof JsonObject rep)) {
                    throw bad("sensorReport must be an array of objects");
                }
                times(rep, "sensorReport", "time");
                uris(rep, "sensorReport", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules",
                        "microorganism", "chemicalSubstance", "coordinateReferenceSystem", "uriValue");
                for (String n : List.of("value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue")) {
                    Object x = rep.getValue(n);
                    if (x != null && !(x instanceof Number)) {
                        throw bad("sensorReport " + n + " must be a number, got '" + x + "'");
                    }
                }
                Object bv = rep.getValue("booleanValue");
                if (bv != null && !(bv instanceof Boolean)) {
                    throw bad("sensorReport booleanValue must be true or false");
                }
                Object hv = rep.getValue("hexBinaryValue");
                if (hv != null && !(hv instanceof String h && h.matches("[A-Fa-f0-9]+"))) {
                    throw bad("sensorReport hexBinaryValue must be hexadecimal digits");
                }
                Object uom = rep.getValue("uom");
                if (uom != null && !(uom instanceof String u && u.matches("[A-Z0-9]{2,3}"))) {
                    throw bad("sensorReport uom must be a UN/ECE Recommendation 20 code (CEL, KGM), got '" + uom + "'");
                }
            }
        }
    }

    private static void ilmd(JsonObject j, Type type) {
        Object v = j.getValue("ilmd");
        if (v == null) {
            return;
        }
        if (type != Type.ObjectEvent && type != Type.TransformationEvent) {
            throw bad("ilmd belongs to ObjectEvent and TransformationEvent only (EPCIS 2.0 section 7.3.6)");
        }
        if (!(v instanceof JsonObject o)) {
            throw bad("ilmd must be an object of namespaced fields");
        }
        for (String k : o.fieldNames()) {
            if (!Cbv.isUri(k)) {
                throw bad("ilmd field '" + k + "' must be namespaced (prefix:name with the prefix in @context, or a full URI)");
            }
        }
    }

    private static void certificationInfo(JsonObject j) {
        Object v = j.getValue("certificationInfo");
        if (v == null) {
            return;
        }
        if (v instanceof String s) {
            uri(s, "certificationInfo");
        } else if (v instanceof JsonArray a) {
            for (Object o : a) {
                if (!(o instanceof String s)) {
                    throw bad("certificationInfo must be a URI or an array of URIs");
                }
                uri(s, "certificationInfo");
            }
        } else {
            throw bad("certificationInfo must be a URI or an array of URIs");
        }
    }

    private static JsonObject errorDeclaration(JsonObject j, JsonObject body) {
        Object v = j.getValue("errorDeclaration");
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject ed)) {
            throw bad("errorDeclaration must be an object {\"declarationTime\": ..., \"reason\": ..., \"correctiveEventIDs\": [...]}");
        }
        JsonObject out = ed.copy();
        time(ed, "declarationTime");
        if (ed.getValue("declarationTime") == null) {
            throw bad("errorDeclaration needs declarationTime (EPCIS 2.0 section 7.4.1.2)");
        }
        String reason = ed.getValue("reason") == null ? null : str(ed, "reason", true);
        if (reason != null) {
            out.put("reason", Cbv.errorReason(reason));
        }
        Object c = ed.getValue("correctiveEventIDs");
        if (c != null) {
            if (!(c instanceof JsonArray ids) || ids.size() > MAX_LIST) {
                throw bad("correctiveEventIDs must be an array of at most " + MAX_LIST + " event ids");
            }
            for (Object o : ids) {
                if (!(o instanceof String s)) {
                    throw bad("correctiveEventIDs must be an array of event id URIs");
                }
                uri(s, "correctiveEventIDs entry");
            }
        }
        for (String k : ed.fieldNames()) {
            if (!Set.of("declarationTime", "reason", "correctiveEventIDs").contains(k) && !Cbv.isUri(k)) {
                throw bad("errorDeclaration field '" + k + "' is neither declarationTime, reason, correctiveEventIDs nor a "
                        + "namespaced extension");
            }
        }
        body.put("errorDeclaration", out);
        return out;
    }

    // ------------------------------------------------------------------ helpers

    static EpcisException bad(String message) {
        return new EpcisException("MALFORMED_EVENT", message);
    }

    private static JsonArray array(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonArray a) || a.size() > MAX_LIST) {
            throw bad(field + " must be an array of at most " + MAX_LIST + " entries");
        }
        return a;
    }

    private static void uri(String v, String field) {
        if (!Cbv.isUri(v) || v.length() > MAX_ID) {
            throw bad(field + " must be a URI of at most " + MAX_ID + " characters (scheme:..., e.g. urn:epc:id:sgtin:... or "
                    + "https://...), got '" + shorten(String.valueOf(v)) + "'");
        }
    }

    private static void uris(JsonObject o, String where, String... fields) {
        for (String f : fields) {
            Object v = o.getValue(f);
            if (v != null) {
                if (!(v instanceof String s)) {
                    throw bad(where + " " + f + " must be a URI");
                }
                uri(s, where + " " + f);
            }
        }
    }

    private static void times(JsonObject o, String where, String... fields) {
        for (String f : fields) {
            if (o.getValue(f) != null) {
                time(o, f);
            }
        }
    }

    private static Instant time(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse((String) v).toInstant();
        } catch (ClassCastException | DateTimeParseException e) {
            throw bad(field + " must be an ISO 8601 date-time with offset (2026-11-20T09:30:00+08:00), got '" + v + "'");
        }
    }

    private static String str(JsonObject j, String field, boolean required) {
        Object v = j.getValue(field);
        if (v == null) {
            if (required) {
                throw bad(field + " is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isBlank() || s.length() > MAX_ID) {
            throw bad(field + " must be a string of 1-" + MAX_ID + " characters");
        }
        return s;
    }

    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
