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
 * unit), so the durable counts in {@code scan_counts} add it; {@code newClient}: its client had not
 * scanned the code before (the distinct-client count adds it).
 */
public record ScanRecord(UUID at, Integer batchId, Long serial, String verdict, String cell, String region,
                         byte[] ipHash, String device, String lang, String channel, boolean counted, boolean newClient) {

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
        return j.encode();
    }

    static ScanRecord fromLine(String line) {
        JsonObject j = new JsonObject(line);
        String h = j.getString("h");
        return new ScanRecord(UUID.fromString(j.getString("at")), j.getInteger("b"), j.getLong("s"), j.getString("v"),
                j.getString("c"), j.getString("r"), h == null ? null : Base64.getDecoder().decode(h),
                j.getString("d"), j.getString("l"), j.getString("ch"), j.getInteger("k", 0) > 0, j.getInteger("k", 0) == 2);
    }

    private static void putIf(JsonObject j, String k, String v) {
        if (v != null) {
            j.put(k, v);
        }
    }
}
