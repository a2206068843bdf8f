package org.markauth.issuer.trace;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One EPCIS 2.0 event of the kinds the programme records: ObjectEvent and AggregationEvent.
 * {@link #fromJson} validates the JSON and normalises vocabulary; {@link #body()} is the event as
 * it will be stored and exported (the input with CBV terms as bare words and {@code eventID} set
 * to the event hash). The event hash follows the idea of the GS1 EPCIS event hash (a canonical
 * pre-hash string of the event's identifying fields, then SHA-256, written as an RFC 6920
 * {@code ni:///sha-256;...} URI): two captures of the same event give the same id whatever the
 * field order, EPC list order or time-zone notation, so a resent document is recorded once.
 */
public record EpcisEvent(Type type, Instant eventTime, String timeZoneOffset, Action action, List<String> epcList,
                         String parentId, List<String> childEpcs, String bizStep, String disposition,
                         String readPoint, String bizLocation, String eventId, JsonObject body) {

    public enum Type { ObjectEvent, AggregationEvent }

    public enum Action { ADD, OBSERVE, DELETE }

    static final int MAX_EPCS = 10_000;
    private static final int MAX_ID = 256;

    public EpcisEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(action, "action");
        epcList = List.copyOf(epcList);
        childEpcs = List.copyOf(childEpcs);
    }

    /** Every EPC the event names (its own list, its parent, its children). */
    public List<String> allEpcs() {
        List<String> all = new ArrayList<>(epcList);
        if (parentId != null) {
            all.add(parentId);
        }
        all.addAll(childEpcs);
        return all;
    }

    public static EpcisEvent fromJson(JsonObject j) {
        Type type;
        try {
            type = Type.valueOf(str(j, "type", true));
        } catch (IllegalArgumentException e) {
            throw bad("type must be ObjectEvent or AggregationEvent (TransformationEvent and others are not recorded "
                    + "by this programme), got '" + j.getValue("type") + "'");
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
        if (tz == null || !tz.matches("[+-]\\d{2}:\\d{2}")) {
            throw bad("eventTimeZoneOffset must look like +08:00, got '" + tz + "'");
        }
        Action action;
        try {
            action = Action.valueOf(str(j, "action", true));
        } catch (IllegalArgumentException e) {
            throw bad("action must be ADD, OBSERVE or DELETE, got '" + j.getValue("action") + "'");
        }
        List<String> epcs = list(j, "epcList");
        List<String> children = list(j, "childEPCs");
        String parent = str(j, "parentID", false);
        if (type == Type.ObjectEvent && epcs.isEmpty()) {
            throw bad("an ObjectEvent needs a non-empty epcList (quantity-only events are not recorded)");
        }
        if (type == Type.AggregationEvent) {
            if (parent == null) {
                throw bad("an AggregationEvent needs parentID (the case or pallet mark)");
            }
            if (children.isEmpty() && action == Action.ADD) {
                throw bad("an AggregationEvent ADD needs childEPCs");
            }
        }
        String bizStep = Cbv.bizStep(str(j, "bizStep", false));
        String disposition = Cbv.disposition(str(j, "disposition", false));
        String readPoint = id(j, "readPoint");
        String bizLocation = id(j, "bizLocation");

        JsonObject body = j.copy();
        if (bizStep != null) {
            body.put("bizStep", bizStep);
        }
        if (disposition != null) {
            body.put("disposition", disposition);
        }
        body.put("eventTimeZoneOffset", tz);
        String hash = hash(type, time, tz, action, epcs, parent, children, bizStep, disposition, readPoint, bizLocation);
        body.put("eventID", hash);
        return new EpcisEvent(type, time, tz, action, epcs, parent, children, bizStep, disposition, readPoint, bizLocation,
                hash, body);
    }

    /**
     * Pre-hash string in a fixed field order (eventType, eventTime in UTC milliseconds, offset,
     * sorted EPC lists, parent, action, bizStep, disposition, readPoint, bizLocation), then SHA-256.
     */
    static String hash(Type type, Instant time, String tz, Action action, List<String> epcs, String parent,
                       List<String> children, String bizStep, String disposition, String readPoint, String bizLocation) {
        StringBuilder s = new StringBuilder(256);
        s.append("eventType=").append(type).append("eventTime=").append(time.atOffset(ZoneOffset.UTC).toInstant().toEpochMilli())
                .append("eventTimeZoneOffset=").append(tz);
        if (!epcs.isEmpty()) {
            s.append("epcList");
            new TreeSet<>(epcs).forEach(e -> s.append("epc=").append(e));
        }
        if (parent != null) {
            s.append("parentID=").append(parent);
        }
        if (!children.isEmpty()) {
            s.append("childEPCs");
            new TreeSet<>(children).forEach(e -> s.append("epc=").append(e));
        }
        s.append("action=").append(action);
        append(s, "bizStep", bizStep);
        append(s, "disposition", disposition);
        append(s, "readPoint", readPoint);
        append(s, "bizLocation", bizLocation);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return "ni:///sha-256;" + HexFormat.of().formatHex(d) + "?ver=CBV2.0";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static void append(StringBuilder s, String k, String v) {
        if (v != null) {
            s.append(k).append('=').append(v);
        }
    }

    private static EpcisException bad(String message) {
        return new EpcisException("MALFORMED_EVENT", message);
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

    private static String id(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject o)) {
            throw bad(field + " must be an object {\"id\": \"...\"}");
        }
        return str(o, "id", true);
    }

    private static List<String> list(JsonObject j, String field) {
        Object v = j.getValue(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw bad(field + " must be an array of EPC strings");
        }
        if (a.size() > MAX_EPCS) {
            throw bad(field + " holds " + a.size() + " EPCs; at most " + MAX_EPCS + " per event");
        }
        List<String> out = new ArrayList<>(a.size());
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw bad(field + " must be an array of EPC strings");
            }
            out.add(s);
        }
        return out;
    }
}
