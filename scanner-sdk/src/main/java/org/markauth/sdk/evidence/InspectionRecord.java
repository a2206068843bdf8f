package org.markauth.sdk.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
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
     * Reads a record from the exact bytes the device signed. The one reader of the format: the
     * verify-api refuses a submitted record with this method's sentence, and the evidence verifier
     * checks a package's record with it, so what the server accepts is what a package proves.
     *
     * @throws IllegalArgumentException whose message starts with the member that is wrong
     *                                  ({@code units[3].serial must be …})
     */
    public static InspectionRecord parse(byte[] bytes) {
        check(bytes.length <= MAX_BYTES, "a record is at most " + MAX_BYTES + " bytes, this one is " + bytes.length);
        check(bytes.length < 3 || !(bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF),
                "a record must not start with a byte order mark");
        utf8(bytes);
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the record is not one JSON object: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        check(n != null && n.isObject(), "the record must be a JSON object");
        members(n, MEMBERS, "");
        check(FORMAT.equals(text(n, "format", "")), "format must be " + FORMAT);
        String id = text(n, "id", "");
        check(UUID_V4.matcher(id).matches(), "id must be a lowercase UUID v4");
        String device = text(n, "device", "");
        check(DEVICE_ID.matcher(device).matches(), "device must be 32 lowercase hex digits");
        JsonNode place = n.get("place");
        Place p = null;
        if (!place.isNull()) {
            check(place.isObject(), "place must be an object or null");
            members(place, Set.of("geohash", "label"), "place.");
            p = new Place(text(place, "geohash", "place."), text(place, "label", "place."));
        }
        List<Unit> units = new ArrayList<>();
        for (JsonNode u : array(n, "units", MAX_UNITS)) {
            String at = "units[" + units.size() + "]";
            check(u.isObject(), at + " must be an object");
            members(u, Set.of("code", "verdict", "source", "checkedAt", "statusSequence", "batchId", "serial", "outcome"), at + ".");
            units.add(member(at, "units[]", () -> new Unit(text(u, "code", at + "."), text(u, "verdict", at + "."),
                    text(u, "source", at + "."), instant(u, "checkedAt", at + "."), optionalInteger(u, "statusSequence", at + "."),
                    optionalInteger(u, "batchId", at + "."), optionalText(u, "serial", at + "."), text(u, "outcome", at + "."))));
        }
        List<Photo> photos = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode ph : array(n, "photos", MAX_PHOTOS)) {
            String at = "photos[" + photos.size() + "]";
            check(ph.isObject(), at + " must be an object");
            members(ph, Set.of("sha256", "type", "bytes"), at + ".");
            Photo photo = member(at, "photos[]", () -> new Photo(text(ph, "sha256", at + "."), text(ph, "type", at + "."),
                    integer(ph, "bytes", at + ".")));
            check(seen.add(photo.sha256()), at + ".sha256 lists the same photo twice");
            photos.add(photo);
        }
        List<Seizure> seizures = new ArrayList<>();
        for (JsonNode s : array(n, "seizures", MAX_SEIZURES)) {
            String at = "seizures[" + seizures.size() + "]";
            check(s.isObject(), at + " must be an object");
            members(s, Set.of("quantity", "reason", "heldAt"), at + ".");
            seizures.add(member(at, "seizures[]", () -> new Seizure(integer(s, "quantity", at + "."), text(s, "reason", at + "."),
                    text(s, "heldAt", at + "."))));
        }
        return new InspectionRecord(id, device, text(n, "officer", ""), instant(n, "startedAt", ""),
                instant(n, "endedAt", ""), p, units, photos, seizures, text(n, "notes", ""));
    }

    /** Strict UTF-8: no overlong form, no encoded surrogate, no truncated sequence (a JSON reader may let them through). */
    private static void utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the record is not valid UTF-8");
        }
    }

    /** An entry's value, its constructor's refusal naming the entry by its index ({@code units[3].serial}). */
    private static <T> T member(String at, String generic, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(generic, at), e);
        }
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
        String where = prefix.isEmpty() ? "the record" : prefix.substring(0, prefix.length() - 1);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            check(allowed.contains(f), where + " has an unknown member '" + clip(f) + "'");
        }
        for (String f : allowed) {
            check(n.has(f), where + " lacks the member '" + prefix + f + "'");
        }
    }

    private static String text(JsonNode n, String f, String at) {
        JsonNode v = n.get(f);
        check(v.isTextual(), at + f + " must be a string");
        String s = v.textValue();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(at + f + " holds a lone surrogate (an escaped \\u" + Integer.toHexString(c)
                        + "): not Unicode text");
            }
        }
        return s;
    }

    private static String optionalText(JsonNode n, String f, String at) {
        return n.get(f).isNull() ? null : text(n, f, at);
    }

    private static long integer(JsonNode n, String f, String at) {
        JsonNode v = n.get(f);
        check(v.isIntegralNumber() && v.canConvertToLong(), at + f + " must be an integer (no fraction, no exponent)");
        return v.longValue();
    }

    private static Long optionalInteger(JsonNode n, String f, String at) {
        return n.get(f).isNull() ? null : integer(n, f, at);
    }

    /**
     * yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z, strictly: a real date, hours 00-23, seconds 00-59 (no 24:00, no
     * leap second, which readers map to different instants).
     */
    private static Instant instant(JsonNode n, String f, String at) {
        String t = text(n, f, at);
        check(ISO_UTC.matcher(t).matches(), at + f + " must be an ISO-8601 UTC time such as 2026-12-06T10:15:30.123Z");
        try {
            return LocalDateTime.parse(t.substring(0, t.length() - 1), DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(at + f + " is not a valid time: " + t);
        }
    }

    private static Iterable<JsonNode> array(JsonNode n, String f, int max) {
        JsonNode v = n.get(f);
        check(v.isArray(), f + " must be an array");
        check(v.size() <= max, f + " holds at most " + max + " entries, this one " + v.size());
        return v;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
