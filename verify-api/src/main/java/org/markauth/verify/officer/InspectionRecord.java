package org.markauth.verify.officer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.markauth.sdk.verify.VerdictCode;

/**
 * An inspection record as the officer's device signed it: "markauth-inspection/1"
 * (docs/api-verify.md, "Officer app"). Read strictly from the exact bytes that were signed
 * ({@link StrictJson}: no member twice, nothing after the value): every member present, no other
 * member, each within its limit; a refusal names the member ({@code units[3].serial}). The record
 * is kept as those bytes: this value is what the server understood of them.
 */
public record InspectionRecord(UUID id, String device, String officer, Instant startedAt, Instant endedAt, Place place,
                               List<Unit> units, List<PhotoRef> photos, List<Seizure> seizures, String notes) {

    public static final String FORMAT = "markauth-inspection/1";
    public static final int MAX_BYTES = 256 * 1024;
    public static final int MAX_PHOTO_BYTES = 5 * 1024 * 1024;
    static final Set<String> OUTCOMES = Set.of("PASSED", "SUSPECT", "COUNTERFEIT", "SEIZED");
    static final Set<String> PHOTO_TYPES = Set.of("image/jpeg", "image/png", "image/webp");
    private static final Set<String> MEMBERS = Set.of("format", "id", "device", "officer", "startedAt", "endedAt", "place",
            "units", "photos", "seizures", "notes");
    private static final Set<String> VERDICTS = verdicts();
    private static final String GEOHASH = "[0-9b-hjkmnp-z]{1,6}";

    /** Where: a coarse geohash (at most 6 characters, about 1 km) and the officer's words for it. */
    public record Place(String geohash, String label) {
    }

    /** One unit checked: what was scanned, the verdict, where it came from, and what the officer made of it. */
    public record Unit(String code, String verdict, String source, Instant checkedAt, Long statusSequence, Integer batchId,
                       Long serial, String outcome) {

        /** The per-unit inspections table's kind. */
        public String kind() {
            return "SEIZED".equals(outcome) ? "SEIZURE" : "INSPECTION";
        }
    }

    /** A photo the record lists: it must have been uploaded under its SHA-256 before the record is accepted. */
    public record PhotoRef(String sha256, String type, int bytes) {
    }

    /** Goods taken: how many, why, where they are held. */
    public record Seizure(int quantity, String reason, String heldAt) {
    }

    /**
     * The record of {@code bytes}; IllegalArgumentException's message names the member and what is
     * wrong with it (it becomes the 400's sentence).
     */
    public static InspectionRecord parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("record is " + bytes.length + " bytes, at most " + MAX_BYTES);
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("record is not UTF-8");
        }
        Object root;
        try {
            root = StrictJson.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("record: " + e.getMessage());
        }
        Map<String, Object> o = object(root, "record", MEMBERS);
        if (!FORMAT.equals(o.get("format"))) {
            throw new IllegalArgumentException("format must be \"" + FORMAT + "\"");
        }
        String id = string(o, "id", "id", 36, 36);
        if (!id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")) {
            throw new IllegalArgumentException("id must be a lowercase UUID v4");
        }
        String device = string(o, "device", "device", 32, 32);
        if (!device.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("device must be the device id, 32 lowercase hex digits");
        }
        String officer = string(o, "officer", "officer", 1, 128);
        Instant started = instant(o, "startedAt", "startedAt");
        Instant ended = instant(o, "endedAt", "endedAt");
        if (ended.isBefore(started)) {
            throw new IllegalArgumentException("endedAt is before startedAt");
        }
        Place place = null;
        if (o.get("place") != StrictJson.NULL) {
            Map<String, Object> p = object(o.get("place"), "place", Set.of("geohash", "label"));
            String geohash = string(p, "geohash", "place.geohash", 1, 6);
            if (!geohash.matches(GEOHASH)) {
                throw new IllegalArgumentException("place.geohash must be 1-6 geohash characters (0-9, b-z without a i l o)");
            }
            place = new Place(geohash, string(p, "label", "place.label", 0, 200));
        }
        List<Unit> units = list(o, "units", 1000, (u, at) -> unit(u, at));
        Set<String> seen = new HashSet<>();
        List<PhotoRef> photos = list(o, "photos", 20, (v, at) -> {
            Map<String, Object> p = object(v, at, Set.of("sha256", "type", "bytes"));
            String sha = string(p, "sha256", at + ".sha256", 64, 64);
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(at + ".sha256 must be 64 lowercase hex digits");
            }
            if (!seen.add(sha)) {
                throw new IllegalArgumentException(at + ".sha256 lists the same photo twice");
            }
            String type = string(p, "type", at + ".type", 1, 20);
            if (!PHOTO_TYPES.contains(type)) {
                throw new IllegalArgumentException(at + ".type must be image/jpeg, image/png or image/webp");
            }
            return new PhotoRef(sha, type, (int) integer(p, "bytes", at + ".bytes", 1, MAX_PHOTO_BYTES));
        });
        List<Seizure> seizures = list(o, "seizures", 50, (v, at) -> {
            Map<String, Object> s = object(v, at, Set.of("quantity", "reason", "heldAt"));
            return new Seizure((int) integer(s, "quantity", at + ".quantity", 1, 1_000_000),
                    string(s, "reason", at + ".reason", 1, 500), string(s, "heldAt", at + ".heldAt", 1, 200));
        });
        String notes = string(o, "notes", "notes", 0, 4000);
        return new InspectionRecord(UUID.fromString(id), device, officer, started, ended, place, units, photos, seizures, notes);
    }

    private static Unit unit(Object v, String at) {
        Map<String, Object> u = object(v, at, Set.of("code", "verdict", "source", "checkedAt", "statusSequence", "batchId",
                "serial", "outcome"));
        String code = string(u, "code", at + ".code", 1, 512);
        String verdict = string(u, "verdict", at + ".verdict", 1, 64);
        if (!VERDICTS.contains(verdict)) {
            throw new IllegalArgumentException(at + ".verdict must be a verdict code (GENUINE, VOIDED, …), got '" + clip(verdict) + "'");
        }
        String source = string(u, "source", at + ".source", 1, 16);
        if (!source.equals("ONLINE") && !source.equals("OFFLINE")) {
            throw new IllegalArgumentException(at + ".source must be ONLINE or OFFLINE");
        }
        Instant checked = instant(u, "checkedAt", at + ".checkedAt");
        Long sequence = nullable(u, "statusSequence") ? null : integer(u, "statusSequence", at + ".statusSequence", 0, Long.MAX_VALUE);
        Integer batch = nullable(u, "batchId") ? null : (int) integer(u, "batchId", at + ".batchId", 1, Integer.MAX_VALUE);
        Long serial = null;
        if (!nullable(u, "serial")) {
            String s = string(u, "serial", at + ".serial", 16, 16);
            if (!s.matches("[0-9a-f]{16}")) {
                throw new IllegalArgumentException(at + ".serial must be 16 lowercase hex digits or null");
            }
            serial = Long.parseUnsignedLong(s, 16);
        }
        String outcome = string(u, "outcome", at + ".outcome", 1, 16);
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException(at + ".outcome must be PASSED, SUSPECT, COUNTERFEIT or SEIZED");
        }
        return new Unit(code, verdict, source, checked, sequence, batch, serial, outcome);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String at, Set<String> members) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(at + " must be a JSON object");
        }
        for (Object k : m.keySet()) {
            if (!members.contains(k)) {
                throw new IllegalArgumentException(at + " has an unknown member '" + clip((String) k) + "'");
            }
        }
        for (String k : members) {
            if (!m.containsKey(k)) {
                throw new IllegalArgumentException(("record".equals(at) ? "" : at + ".") + k + " is missing");
            }
        }
        return (Map<String, Object>) m;
    }

    private static String string(Map<String, Object> o, String k, String at, int min, int max) {
        if (!(o.get(k) instanceof String s)) {
            throw new IllegalArgumentException(at + " must be a string");
        }
        if (s.length() < min || s.length() > max) {
            throw new IllegalArgumentException(at + " must be " + (min == max ? min : min + "-" + max) + " characters, has " + s.length());
        }
        return s;
    }

    private static boolean nullable(Map<String, Object> o, String k) {
        return o.get(k) == StrictJson.NULL;
    }

    private static long integer(Map<String, Object> o, String k, String at, long min, long max) {
        Object v = o.get(k);
        BigInteger n;
        if (v instanceof BigInteger i) {
            n = i;
        } else if (v instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
            n = d.toBigIntegerExact();
        } else {
            throw new IllegalArgumentException(at + " must be a whole number");
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(at + " must be " + min + "-" + max + ", got " + clip(n.toString()));
        }
        return n.longValueExact();
    }

    private static Instant instant(Map<String, Object> o, String k, String at) {
        String s = string(o, k, at, 20, 30);
        try {
            if (!s.endsWith("Z")) {
                throw new DateTimeParseException("", s, 0);
            }
            return DateTimeFormatter.ISO_INSTANT.parse(s, Instant::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(at + " must be an ISO-8601 UTC time like 2026-12-06T10:15:30.123Z");
        }
    }

    private static <T> List<T> list(Map<String, Object> o, String k, int max, BiFunction<Object, String, T> item) {
        if (!(o.get(k) instanceof List<?> l)) {
            throw new IllegalArgumentException(k + " must be a JSON array");
        }
        if (l.size() > max) {
            throw new IllegalArgumentException(k + " has " + l.size() + " entries, at most " + max);
        }
        List<T> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.add(item.apply(l.get(i), k + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static Set<String> verdicts() {
        Set<String> s = new HashSet<>();
        for (VerdictCode c : VerdictCode.values()) {
            s.add(c.name());
        }
        return Set.copyOf(s);
    }

    /** True when {@code s} has a lone surrogate: it has no UTF-8 form, so it cannot be the text that was signed. */
    static boolean unpaired(String s) {
        try {
            StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            return false;
        } catch (CharacterCodingException e) {
            return true;
        }
    }
}
