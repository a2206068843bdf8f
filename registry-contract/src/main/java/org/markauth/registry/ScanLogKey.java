package org.markauth.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * How a scan is keyed in the scan log ({@code scan_log}, V013: {@code PRIMARY KEY ((minute, shard),
 * at)}), written by verify-api and read by verify-api, mark-issuer and the drills: the minute of the
 * scan and one of {@value #SHARDS} shards. A reader of a minute reads every shard, so the count is
 * part of the table's contract, not a setting of one process.
 *
 * <p>The shard is the second the scan was made, offset by its time UUID's node and clock sequence
 * (fixed per process), mod {@value #SHARDS}: a writer's flush (scans of a fraction of a second)
 * lands in one partition, processes start on different shards, and a replayed scan is written to
 * the very row it was written to before.
 */
public final class ScanLogKey {

    /** Shards per minute. */
    public static final int SHARDS = 16;

    private ScanLogKey() {
    }

    /** The partition minute of a scan made at {@code t}. */
    public static Instant minute(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES);
    }

    /** The shard of the scan whose time UUID (version 1) is {@code at}. */
    public static short shard(UUID at) {
        long seconds = Math.floorDiv(at.timestamp(), 10_000_000L);
        long spread = at.node() * 31 + at.clockSequence();
        return (short) Math.floorMod(seconds + spread, (long) SHARDS);
    }
}
