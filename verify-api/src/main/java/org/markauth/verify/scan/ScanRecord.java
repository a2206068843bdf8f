package org.markauth.verify.scan;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import org.markauth.verify.registry.RegistryReader;

/**
 * One verification as it is recorded. {@code batchId}/{@code serial} are set only for codes whose
 * signature verified: the ids inside a forged code are the forger's claim and must not pollute a
 * real unit's history. {@code at} is a time UUID made when the scan was answered, which makes a
 * replayed write idempotent. {@code counted}: the scan went through the clone counters (a known
 * unit); {@code newClient}: its client had not scanned the code before (a new distinct client, an
 * exception that writes the code's summary row).
 *
 * <p>For a counted scan whose counters Redis answered, what the shared counters held once this scan
 * was added, carried to the code's summary row ({@code scan_summaries}): {@code scans} and {@code
 * clients} (0 when unknown) and the code's first scan ({@code firstAt}, {@code firstPlace}; null
 * when unknown).
 */
public record ScanRecord(UUID at, Integer batchId, Long serial, String verdict, String cell, String region,
                         byte[] ipHash, String device, String lang, String channel, boolean counted, boolean newClient,
                         long scans, long clients, Instant firstAt, String firstPlace) {

    /** A scan without the shared counts (they stay as the summary has them). */
    public ScanRecord(UUID at, Integer batchId, Long serial, String verdict, String cell, String region, byte[] ipHash,
                      String device, String lang, String channel, boolean counted, boolean newClient) {
        this(at, batchId, serial, verdict, cell, region, ipHash, device, lang, channel, counted, newClient, 0, 0, null, null);
    }

    /** A scan the clone counters did not count. */
    public ScanRecord(UUID at, Integer batchId, Long serial, String verdict, String cell, String region, byte[] ipHash,
                      String device, String lang, String channel) {
        this(at, batchId, serial, verdict, cell, region, ipHash, device, lang, channel, false, false);
    }

    public ScanRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(channel, "channel");
        if ((batchId == null) != (serial == null)) {
            throw new IllegalArgumentException("scan record needs both batchId and serial or neither");
        }
        if (counted && batchId == null) {
            throw new IllegalArgumentException("a counted scan record needs its unit");
        }
        if (scans < 0 || clients < 0) {
            throw new IllegalArgumentException("scan counts must be >= 0: scans=" + scans + " clients=" + clients);
        }
    }

    public Instant time() {
        return RegistryReader.instantOf(at);
    }

    /** The place kept for hot spots: the geocell when the user shared one, else the region. */
    public String place() {
        return cell != null ? cell : region != null ? region : "unknown";
    }

    String toLine() {
        StringBuilder b = new StringBuilder(256);
        appendLine(b);
        return b.toString();
    }

    /**
     * Appends the record as one JSON object (the journal's and the spill's line, read by
     * {@link #fromLine}): written by hand, as {@code JsonObject} wrote it, since every scan is
     * journaled before its answer.
     */
    void appendLine(StringBuilder b) {
        b.append("{\"at\":\"").append(at).append('"');
        field(b, "v", verdict);
        field(b, "ch", channel);
        if (batchId != null) {
            b.append(",\"b\":").append(batchId.intValue()).append(",\"s\":").append(serial.longValue());
        }
        field(b, "c", cell);
        field(b, "r", region);
        field(b, "d", device);
        field(b, "l", lang);
        if (ipHash != null) {
            b.append(",\"h\":\"").append(Base64.getEncoder().encodeToString(ipHash)).append('"');
        }
        if (counted) {
            b.append(",\"k\":").append(newClient ? 2 : 1);
        }
        if (scans > 0) {
            b.append(",\"n\":").append(scans).append(",\"u\":").append(clients);
        }
        if (firstAt != null) {
            b.append(",\"fa\":").append(firstAt.toEpochMilli());
        }
        field(b, "fp", firstPlace);
        b.append('}');
    }

    /** {@code ,"name":"value"} with JSON escaping; nothing for null. */
    private static void field(StringBuilder b, String name, String value) {
        if (value == null) {
            return;
        }
        b.append(",\"").append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    static ScanRecord fromLine(String line) {
        JsonObject j = new JsonObject(line);
        String h = j.getString("h");
        return new ScanRecord(UUID.fromString(j.getString("at")), j.getInteger("b"), j.getLong("s"), j.getString("v"),
                j.getString("c"), j.getString("r"), h == null ? null : Base64.getDecoder().decode(h),
                j.getString("d"), j.getString("l"), j.getString("ch"), j.getInteger("k", 0) > 0, j.getInteger("k", 0) == 2,
                j.getLong("n", 0L), j.getLong("u", 0L), j.containsKey("fa") ? Instant.ofEpochMilli(j.getLong("fa")) : null,
                j.getString("fp"));
    }

}
