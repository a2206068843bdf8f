package org.markauth.sdk.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An officer's inspection record, {@value #FORMAT} (docs/mark-format.md, "Inspection records and
 * evidence packages"): what the officer's device signed. The device signs the record's bytes as it
 * sent them, never a re-encoding, so this type is read from those bytes by {@link #parse(byte[])}
 * and is never written back: the bytes stay the evidence, the record is their meaning.
 *
 * <p>Lengths are counted in UTF-16 code units (Java's {@code String.length()}, JavaScript's
 * {@code length}), so the app on the phone and the server agree on every limit.
 */
public record InspectionRecord(String id, String device, String officer, Instant startedAt, Instant endedAt, Place place,
                               List<Unit> units, List<Photo> photos, List<Seizure> seizures, String notes) {

    public static final String FORMAT = "markauth-inspection/1";
    /** Largest record in bytes (256 KiB). */
    public static final int MAX_BYTES = 256 * 1024;
    public static final int MAX_UNITS = 1000;
    public static final int MAX_PHOTOS = 20;
    public static final int MAX_SEIZURES = 50;
    public static final int MAX_NOTES_CHARS = 4000;
    /** Largest photo a record may list (5 MiB), as the server accepts them. */
    public static final int MAX_PHOTO_BYTES = 5 * 1024 * 1024;
    public static final Set<String> PHOTO_TYPES = Set.of("image/jpeg", "image/png", "image/webp");
    public static final Set<String> OUTCOMES = Set.of("PASSED", "SUSPECT", "COUNTERFEIT", "SEIZED");
    public static final Set<String> SOURCES = Set.of("ONLINE", "OFFLINE");

    static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    static final Pattern DEVICE_ID = Pattern.compile("[0-9a-f]{32}");
    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ISO_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Pattern GEOHASH = Pattern.compile("[0-9b-hjkmnp-z]{1,6}");
    private static final Pattern VERDICT = Pattern.compile("[A-Z][A-Z_]{0,31}");
    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{16}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> MEMBERS = Set.of("format", "id", "device", "officer", "startedAt", "endedAt", "place",
            "units", "photos", "seizures", "notes");

    /** Where, coarsely: a geohash of at most 6 characters (about 1.2 km) and the officer's label. */
    public record Place(String geohash, String label) {
        public Place {
            check(geohash != null && GEOHASH.matcher(geohash).matches(), "place.geohash must be 1-6 geohash characters");
            check(label != null && label.length() <= 200, "place.label must be 0-200 characters");
        }
    }

    /** One unit checked: the scanned text, the verdict the device got, and what the officer concluded. */
    public record Unit(String code, String verdict, String source, Instant checkedAt, Long statusSequence, Long batchId,
                       String serial, String outcome) {
        public Unit {
            check(code != null && !code.isEmpty() && code.length() <= 512, "units[].code must be 1-512 characters");
            check(verdict != null && VERDICT.matcher(verdict).matches(), "units[].verdict must be a verdict code");
            check(SOURCES.contains(source), "units[].source must be ONLINE or OFFLINE");
            Objects.requireNonNull(checkedAt, "checkedAt");
            check(statusSequence == null || statusSequence >= 0, "units[].statusSequence must be a non-negative integer or null");
            check(batchId == null || (batchId >= 0 && batchId <= 0xFFFF_FFFFL), "units[].batchId must be 0-4294967295 or null");
            check(serial == null || SERIAL.matcher(serial).matches(), "units[].serial must be 16 lowercase hex digits or null");
            check(OUTCOMES.contains(outcome), "units[].outcome must be one of PASSED, SUSPECT, COUNTERFEIT, SEIZED");
        }
    }

    /** A photo the record lists by its SHA-256; the bytes travel separately. */
    public record Photo(String sha256, String type, long bytes) {
        public Photo {
            check(sha256 != null && SHA256_HEX.matcher(sha256).matches(), "photos[].sha256 must be 64 lowercase hex digits");
            check(PHOTO_TYPES.contains(type), "photos[].type must be image/jpeg, image/png or image/webp");
            check(bytes >= 1 && bytes <= MAX_PHOTO_BYTES, "photos[].bytes must be 1-" + MAX_PHOTO_BYTES);
        }

        /** The file name extension of the type: jpg, png or webp. */
        public String extension() {
            return extensionOf(type);
        }
    }

    /** Goods seized: how many, why, and where they are held. */
    public record Seizure(long quantity, String reason, String heldAt) {
        public Seizure {
            check(quantity >= 1 && quantity <= 1_000_000, "seizures[].quantity must be 1-1000000");
            check(reason != null && !reason.isEmpty() && reason.length() <= 500, "seizures[].reason must be 1-500 characters");
            check(heldAt != null && !heldAt.isEmpty() && heldAt.length() <= 200, "seizures[].heldAt must be 1-200 characters");
        }
    }

    public InspectionRecord {
        check(id != null && UUID_V4.matcher(id).matches(), "id must be a lowercase UUID v4");
        check(device != null && DEVICE_ID.matcher(device).matches(), "device must be 32 lowercase hex digits");
        check(officer != null && !officer.isBlank() && officer.length() <= 128, "officer must be 1-128 characters");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        check(!endedAt.isBefore(startedAt), "endedAt must not be before startedAt");
        units = List.copyOf(units);
        photos = List.copyOf(photos);
        seizures = List.copyOf(seizures);
        check(units.size() <= MAX_UNITS, "units must hold at most " + MAX_UNITS);
        check(photos.size() <= MAX_PHOTOS, "photos must hold at most " + MAX_PHOTOS);
        check(seizures.size() <= MAX_SEIZURES, "seizures must hold at most " + MAX_SEIZURES);
        Set<String> seen = new HashSet<>();
        for (Photo p : photos) {
            check(seen.add(p.sha256()), "photos lists " + p.sha256() + " twice");
        }
        check(notes != null && notes.length() <= MAX_NOTES_CHARS, "notes must be 0-" + MAX_NOTES_CHARS + " characters");
    }

    /**
     * Reads a record from the exact bytes the device signed.
     *
     * @throws IllegalArgumentException naming the member that is wrong
     */
    public static InspectionRecord parse(byte[] bytes) {
        check(bytes.length <= MAX_BYTES, "a record is at most " + MAX_BYTES + " bytes, this one is " + bytes.length);
        check(bytes.length < 3 || !(bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF),
                "a record must not start with a byte order mark");
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the record is not one JSON object in UTF-8: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        check(n != null && n.isObject(), "the record must be a JSON object");
        members(n, MEMBERS, "");
        check(FORMAT.equals(text(n, "format")), "format must be " + FORMAT);
        JsonNode place = req(n, "place");
        Place p = null;
        if (!place.isNull()) {
            check(place.isObject(), "place must be an object or null");
            members(place, Set.of("geohash", "label"), "place.");
            p = new Place(text(place, "geohash"), text(place, "label"));
        }
        List<Unit> units = new ArrayList<>();
        for (JsonNode u : array(n, "units", MAX_UNITS)) {
            check(u.isObject(), "units[] must be objects");
            members(u, Set.of("code", "verdict", "source", "checkedAt", "statusSequence", "batchId", "serial", "outcome"), "units[].");
            units.add(new Unit(text(u, "code"), text(u, "verdict"), text(u, "source"), instant(u, "checkedAt"),
                    optionalInteger(u, "statusSequence"), optionalInteger(u, "batchId"), optionalText(u, "serial"), text(u, "outcome")));
        }
        List<Photo> photos = new ArrayList<>();
        for (JsonNode ph : array(n, "photos", MAX_PHOTOS)) {
            check(ph.isObject(), "photos[] must be objects");
            members(ph, Set.of("sha256", "type", "bytes"), "photos[].");
            photos.add(new Photo(text(ph, "sha256"), text(ph, "type"), integer(ph, "bytes")));
        }
        List<Seizure> seizures = new ArrayList<>();
        for (JsonNode s : array(n, "seizures", MAX_SEIZURES)) {
            check(s.isObject(), "seizures[] must be objects");
            members(s, Set.of("quantity", "reason", "heldAt"), "seizures[].");
            seizures.add(new Seizure(integer(s, "quantity"), text(s, "reason"), text(s, "heldAt")));
        }
        return new InspectionRecord(text(n, "id"), text(n, "device"), text(n, "officer"), instant(n, "startedAt"),
                instant(n, "endedAt"), p, units, photos, seizures, text(n, "notes"));
    }

    static String extensionOf(String type) {
        return switch (type) {
            case "image/jpeg" -> "jpg";
            case "image/png" -> "png";
            case "image/webp" -> "webp";
            default -> throw new IllegalArgumentException("no photo type " + type);
        };
    }

    private static void members(JsonNode n, Set<String> allowed, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            check(allowed.contains(f), "the record has an unknown member '" + prefix + f + "'");
        }
        for (String f : allowed) {
            check(n.has(f), "the record lacks the member '" + prefix + f + "'");
        }
    }

    private static JsonNode req(JsonNode n, String f) {
        JsonNode v = n.get(f);
        check(v != null, "the record lacks the member '" + f + "'");
        return v;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = req(n, f);
        check(v.isTextual(), "'" + f + "' must be a string");
        return v.textValue();
    }

    private static String optionalText(JsonNode n, String f) {
        return req(n, f).isNull() ? null : text(n, f);
    }

    private static long integer(JsonNode n, String f) {
        JsonNode v = req(n, f);
        check(v.isIntegralNumber() && v.canConvertToLong(), "'" + f + "' must be an integer");
        return v.longValue();
    }

    private static Long optionalInteger(JsonNode n, String f) {
        return req(n, f).isNull() ? null : integer(n, f);
    }

    private static Instant instant(JsonNode n, String f) {
        String t = text(n, f);
        check(ISO_UTC.matcher(t).matches(), "'" + f + "' must be an ISO-8601 UTC time such as 2026-12-06T10:15:30.123Z");
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + f + "' is not a valid time: " + t);
        }
    }

    private static Iterable<JsonNode> array(JsonNode n, String f, int max) {
        JsonNode v = req(n, f);
        check(v.isArray(), "'" + f + "' must be an array");
        check(v.size() <= max, "'" + f + "' holds at most " + max + " entries");
        return v;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
