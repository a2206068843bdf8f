package org.markauth.verify.scan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Scan-record pipeline settings (documented in docs/verify-api.md).
 *
 * @param bufferCapacity records held in memory before new ones are refused
 * @param flushInterval  how often the writer drains the buffer
 * @param maxPerFlush    records written per flush
 * @param rowsPerBatch   codes per unlogged CQL batch of scan rows (Cassandra warns above 10 partitions or 5 KiB; 50 rows stay far under its 50 KiB refusal)
 * @param writeTimeout   a flush taking longer counts as a failed write
 * @param retryInterval  how often a spilled file is replayed while Cassandra is down
 * @param spillDir       where undeliverable records are kept on disk
 */
public record ScanSettings(int bufferCapacity, Duration flushInterval, int maxPerFlush, int rowsPerBatch,
                           Duration writeTimeout, Duration retryInterval, Path spillDir) {
    public ScanSettings {
        Objects.requireNonNull(spillDir, "scan.spillDir");
        if (bufferCapacity < 1 || maxPerFlush < 1 || rowsPerBatch < 1 || rowsPerBatch > 50) {
            throw new IllegalArgumentException("scan sizes out of range: bufferCapacity=" + bufferCapacity
                    + " maxPerFlush=" + maxPerFlush + " rowsPerBatch=" + rowsPerBatch + " (1..50)");
        }
        if (flushInterval.toMillis() < 1 || writeTimeout.toMillis() < 1 || retryInterval.toMillis() < 1) {
            throw new IllegalArgumentException("scan intervals must be >= 1 ms");
        }
    }
}
