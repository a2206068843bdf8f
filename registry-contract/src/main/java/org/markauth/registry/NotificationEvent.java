package org.markauth.registry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One notification event (V019 {@code notification_events}), as both services write it and the
 * issuer's webhooks deliver it: {@code {"id", "type", "occurredAt", "licenseeId", "productId",
 * "batchId", "data"}} (docs/api-issuer.md, "Webhooks"). The id is chosen once by the producer and
 * stays the same across every delivery attempt, so a receiver can drop a repeat.
 *
 * <p>Partitions are UTC hours ({@link #bucket}): a producer writes to the hour the event occurred in,
 * a reader walks back hour by hour with a limit. {@code licenseeId} null means the event belongs to
 * no licensee the producer could name (a report on a code that does not verify): only the regulator
 * sees it. {@code data} is a flat-ish JSON object (strings, numbers, booleans, null, nested maps and
 * lists), encoded here without a JSON library because the contract is JDK only.
 */
public record NotificationEvent(UUID id, Type type, Instant occurredAt, String licenseeId, Integer productId,
                                Integer batchId, Map<String, Object> data) {

    /** The event types and their wire names. */
    public enum Type {
        ALERT_RAISED("alert.raised"),
        REPORT_RECEIVED("report.received"),
        RECALL_ISSUED("recall.issued"),
        RECALL_REQUESTED("recall.requested"),
        RECALL_DECIDED("recall.decided"),
        LICENCE_CHANGED("licence.changed"),
        COMPLAINT_ASSIGNED("complaint.assigned"),
        LICENCE_RENEWAL_DUE("licence.renewal-due");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** {@code alert.raised} (or the constant's name); anything else names the choices. */
        public static Type ofWire(String s) {
            for (Type t : values()) {
                if (t.wire.equals(s) || t.name().equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("event type must be one of " + wires() + ", got '" + s + "'");
        }

        /** Every wire name, in declaration order. */
        public static List<String> wires() {
            return java.util.Arrays.stream(values()).map(Type::wire).toList();
        }
    }

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    /** Bind: bucket, occurred_at, event_id, type, licensee_id, product_id, batch_id, data. */
    public static final String INSERT = "INSERT INTO notification_events (bucket, occurred_at, event_id, type, licensee_id, "
            + "product_id, batch_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    public NotificationEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A new event with a fresh random id. */
    public static NotificationEvent of(Type type, Instant occurredAt, String licenseeId, Integer productId, Integer batchId,
                                       Map<String, Object> data) {
        return new NotificationEvent(UUID.randomUUID(), type, occurredAt, licenseeId, productId, batchId, data);
    }

    /** The partition an event that occurred at {@code at} is written to: its UTC hour, {@code 2026-12-06T20}. */
    public static String bucket(Instant at) {
        return HOUR.format(at);
    }

    /** This event's partition. */
    public String bucket() {
        return bucket(occurredAt);
    }

    /** The values of {@link #INSERT}, in order (Cassandra's types: Instant, UUID, String, Integer). */
    public Object[] insertValues() {
        return new Object[] {bucket(), occurredAt, id, type.wire(), licenseeId, productId, batchId, json(data)};
    }

    /** The event as the webhooks send it (the body that is signed). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("type", type.wire());
        m.put("occurredAt", occurredAt.toString());
        m.put("licenseeId", licenseeId);
        m.put("productId", productId);
        m.put("batchId", batchId);
        m.put("data", data);
        return json(m);
    }

    /** JSON text of a map, list, string, number, boolean or null (other values as their string). */
    public static String json(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof Iterable<?> l) {
            b.append('[');
            boolean first = true;
            for (Object o : l) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(b, o);
            }
            b.append(']');
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short) {
            b.append(v);
        } else if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            b.append(n);
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
