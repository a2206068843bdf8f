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
        JsonObject j = new JsonObject().put("at", at.toString()).put("v", verdict).put("ch", channel);
        if (batchId != null) {
            j.put("b", batchId).put("s", serial);
        }
        putIf(j, "c", cell);
        putIf(j, "r", region);
        putIf(j, "d", device);
        putIf(j, "l", lang);
        if (ipHash != null) {
            j.put("h", Base64.getEncoder().encodeToString(ipHash));
        }
        if (counted) {
            j.put("k", newClient ? 2 : 1);
        }
        if (scans > 0) {
            j.put("n", scans).put("u", clients);
        }
        if (firstAt != null) {
            j.put("fa", firstAt.toEpochMilli());
        }
        putIf(j, "fp", firstPlace);
        return j.encode();
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

    private static void putIf(JsonObject j, String k, String v) {
        if (v != null) {
            j.put(k, v);
        }
    }
}
