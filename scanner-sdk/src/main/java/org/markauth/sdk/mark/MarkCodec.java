package org.markauth.sdk.mark;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/**
 * Parses scanned text into a {@link SignedMark} or a precise reason why it is not one. Never throws
 * for any input (null included) and does work bounded by {@link MarkFormat#MAX_INPUT_CHARS}: the
 * length is checked before anything else, so an oversized or binary blob costs one comparison or
 * one linear scan. Immutable and thread-safe.
 *
 * <p>Accepted forms (docs/mark-format.md): {@code HTTPS://HOST/M/<136 base32>}, the GS1 Digital Link
 * form {@code HTTPS://HOST/01/<GTIN14>/21/<13 base32>?M=<124 base32>}, and the bare 136-character
 * code. Scheme, host, path and base32 are compared ignoring ASCII case only ({@link ScanText}); HOST
 * must be one of the programme's hosts.
 */
public final class MarkCodec {
    private static final int PLAIN_CHARS = Base32.encodedLength(MarkFormat.RECORD_LENGTH);
    private static final int GS1_QUERY_CHARS = Base32.encodedLength(MarkFormat.GS1_QUERY_RECORD_LENGTH);
    private static final int DETAIL_MAX = 80;

    private final Set<String> hosts;

    private MarkCodec(Set<String> hosts) {
        this.hosts = hosts;
    }

    /** A codec accepting URLs on these hosts (compared ignoring ASCII case). */
    public static MarkCodec create(Collection<String> hosts) {
        Set<String> normal = hosts.stream().map(ScanText::upper).collect(Collectors.toUnmodifiableSet());
        for (String h : normal) {
            if (!isValidHost(h)) {
                throw new IllegalArgumentException("not a valid programme host name: " + h);
            }
        }
        return new MarkCodec(normal);
    }

    public Set<String> hosts() {
        return hosts;
    }

    /** LDH host name check (letters, digits, hyphens, dots), at most 253 characters. */
    public static boolean isValidHost(String h) {
        if (h == null || h.isEmpty() || h.length() > MarkFormat.MAX_HOST_CHARS || h.startsWith(".") || h.endsWith(".")
                || h.contains("..")) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Parses scanned text. Never throws. */
    public ParseResult parse(String scanned) {
        if (scanned == null || scanned.isEmpty()) {
            return malformed(MalformedReason.EMPTY, "");
        }
        if (scanned.length() > MarkFormat.MAX_INPUT_CHARS) {
            return malformed(MalformedReason.TOO_LONG, scanned.length() + " characters");
        }
        String s = ScanText.strip(scanned);
        if (s.isEmpty()) {
            return malformed(MalformedReason.EMPTY, "only white space");
        }
        for (int i = 0; i < s.length(); i++) {
            if (ScanText.isBinary(s.charAt(i))) {
                return malformed(MalformedReason.BINARY, "character " + i);
            }
        }
        for (int i = 0; i < s.length(); i++) {
            if (ScanText.isInvisible(s.charAt(i))) {
                return malformed(MalformedReason.INVISIBLE, String.format("U+%04X at character %d", (int) s.charAt(i), i));
            }
        }
        int sep = s.indexOf("://");
        if (sep < 0) {
            return parseBare(s);
        }
        String scheme = s.substring(0, sep);
        int hostStart = sep + 3;
        int hostEnd = hostStart;
        while (hostEnd < s.length() && "/?#".indexOf(s.charAt(hostEnd)) < 0) {
            hostEnd++;
        }
        String host = s.substring(hostStart, hostEnd);
        if (!hosts.contains(ScanText.upper(host))) {
            // Userinfo, ports, look-alike letters, other domains: all not ours.
            return new ParseResult.Foreign(clip(host));
        }
        if (!ScanText.equalsIgnoreAsciiCase(scheme, "https")) {
            return malformed(MalformedReason.NOT_HTTPS, clip(scheme));
        }
        String rest = s.substring(hostEnd);
        if (rest.length() == MarkFormat.PLAIN_PATH.length() + PLAIN_CHARS
                && ScanText.regionMatchesIgnoreAsciiCase(rest, 0, MarkFormat.PLAIN_PATH)) {
            return decodeRecord(rest, MarkFormat.PLAIN_PATH.length(), host);
        }
        if (ScanText.regionMatchesIgnoreAsciiCase(rest, 0, MarkFormat.PLAIN_PATH)) {
            return checkBase32Then(rest, MarkFormat.PLAIN_PATH.length(), rest.length(),
                    malformed(MalformedReason.BAD_LENGTH, (rest.length() - 3) + " characters, expected " + PLAIN_CHARS));
        }
        if (rest.startsWith("/01/")) {
            return parseGs1(rest, host);
        }
        return malformed(MalformedReason.BAD_PATH, clip(rest));
    }

    /**
     * Parses the API form ({@code GET /api/v1/verify/{payload}?gtin=}, docs/api.md): a 136-character
     * base32 record and, for a GS1 mark, its GTIN (null otherwise). Never throws.
     */
    public ParseResult parsePayload(String payload, String gtin) {
        if (payload == null || payload.isEmpty()) {
            return malformed(MalformedReason.EMPTY, "");
        }
        if (payload.length() > MarkFormat.MAX_INPUT_CHARS) {
            return malformed(MalformedReason.TOO_LONG, payload.length() + " characters");
        }
        if (gtin != null && !Gtin.isValid(gtin)) {
            return malformed(MalformedReason.BAD_GTIN, clip(gtin));
        }
        if (payload.length() != PLAIN_CHARS) {
            return checkBase32Then(payload, 0, payload.length(),
                    malformed(MalformedReason.BAD_LENGTH, payload.length() + " characters, expected " + PLAIN_CHARS));
        }
        byte[] record = Base32.decode(payload);
        if (record == null) {
            return malformed(MalformedReason.BAD_ENCODING, "not canonical base32");
        }
        return fromRecord(record, gtin == null ? null : new Gtin(gtin), null);
    }

    private ParseResult parseBare(String s) {
        if (s.length() == PLAIN_CHARS) {
            return decodeRecord(s, 0, null);
        }
        return malformed(MalformedReason.NOT_A_MARK, s.length() + " characters, not a URL");
    }

    /** {@code /01/<GTIN14>/21/<SERIAL13>?M=<124>} — fixed lengths, so check them position by position. */
    private ParseResult parseGs1(String rest, String host) {
        // "/01/" 4 + 14 + "/21/" 4 + 13 + "?M=" 3 + 124
        int gtinEnd = 4 + 14;
        if (rest.length() < gtinEnd || !rest.startsWith("/21/", gtinEnd)) {
            return malformed(MalformedReason.BAD_PATH, "expected /01/<14 digits>/21/<serial>");
        }
        String gtin = rest.substring(4, gtinEnd);
        if (!Gtin.isValid(gtin)) {
            return malformed(MalformedReason.BAD_GTIN, clip(gtin));
        }
        int serialStart = gtinEnd + 4;
        int q = rest.indexOf('?', serialStart);
        int serialEnd = q < 0 ? rest.length() : q;
        byte[] serial = serialEnd - serialStart == 13 ? Base32.decode(rest, serialStart, serialEnd) : null;
        if (serial == null) {
            return malformed(MalformedReason.BAD_SERIAL, clip(rest.substring(serialStart, serialEnd)));
        }
        String key = "?" + MarkFormat.GS1_QUERY_KEY + "=";
        if (q < 0 || !ScanText.regionMatchesIgnoreAsciiCase(rest, q, key)) {
            return malformed(MalformedReason.BAD_PATH, "missing ?M= with the signed record");
        }
        int dataStart = q + key.length();
        if (rest.length() - dataStart != GS1_QUERY_CHARS) {
            return checkBase32Then(rest, dataStart, rest.length(), malformed(MalformedReason.BAD_LENGTH,
                    (rest.length() - dataStart) + " characters after ?M=, expected " + GS1_QUERY_CHARS));
        }
        byte[] partial = Base32.decode(rest, dataStart, rest.length());
        if (partial == null) {
            return malformed(MalformedReason.BAD_ENCODING, "after ?M=");
        }
        byte[] record = new byte[MarkFormat.RECORD_LENGTH];
        System.arraycopy(partial, 0, record, 0, MarkFormat.SERIAL_OFFSET);
        System.arraycopy(serial, 0, record, MarkFormat.SERIAL_OFFSET, Serial.BYTES);
        System.arraycopy(partial, MarkFormat.SERIAL_OFFSET, record, MarkFormat.SIGNATURE_OFFSET, MarkFormat.SIGNATURE_LENGTH);
        return fromRecord(record, new Gtin(gtin), host);
    }

    private ParseResult checkBase32Then(String s, int from, int to, ParseResult otherwise) {
        for (int i = from; i < to; i++) {
            char c = ScanText.upper(s.charAt(i));
            if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
                return malformed(MalformedReason.BAD_ENCODING, "character " + (i - from) + " of the code");
            }
        }
        return otherwise;
    }

    private ParseResult decodeRecord(String s, int from, String host) {
        byte[] record = Base32.decode(s, from, s.length());
        if (record == null) {
            return checkBase32Then(s, from, s.length(), malformed(MalformedReason.BAD_ENCODING, "non-zero trailing bits"));
        }
        return fromRecord(record, null, host);
    }

    /** Decodes an 85-byte record; used by the parser and by callers holding raw payload bytes. */
    public static ParseResult fromRecord(byte[] record, Gtin gtin, String host) {
        if (record.length != MarkFormat.RECORD_LENGTH) {
            return malformed(MalformedReason.BAD_LENGTH, record.length + " bytes, expected " + MarkFormat.RECORD_LENGTH);
        }
        int header = record[MarkFormat.HEADER_OFFSET] & 0xFF;
        if (header >>> 4 != MarkFormat.VERSION) {
            return malformed(MalformedReason.UNSUPPORTED_VERSION, "version " + (header >>> 4));
        }
        SignatureAlgorithm alg = SignatureAlgorithm.fromCode(header & 0x0F);
        if (alg == null) {
            return malformed(MalformedReason.UNKNOWN_ALGORITHM, "algorithm code " + (header & 0x0F));
        }
        KeyId keyId = new KeyId(getInt(record, MarkFormat.KEY_ID_OFFSET));
        long product = getInt(record, MarkFormat.PRODUCT_OFFSET) & 0xFFFF_FFFFL;
        long batch = getInt(record, MarkFormat.BATCH_OFFSET) & 0xFFFF_FFFFL;
        Serial serial = new Serial(Serial.fromBytes(record, MarkFormat.SERIAL_OFFSET));
        byte[] sig = new byte[MarkFormat.SIGNATURE_LENGTH];
        System.arraycopy(record, MarkFormat.SIGNATURE_OFFSET, sig, 0, sig.length);
        return new ParseResult.Parsed(new SignedMark(new MarkContent(product, batch, serial, gtin), alg, keyId, sig), host);
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static ParseResult malformed(MalformedReason reason, String detail) {
        return new ParseResult.Malformed(reason, detail);
    }

    private static String clip(String s) {
        return s.length() <= DETAIL_MAX ? s : s.substring(0, DETAIL_MAX) + "…";
    }
}
