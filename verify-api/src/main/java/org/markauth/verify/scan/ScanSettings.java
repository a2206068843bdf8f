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
 * @param rowsPerBatch   codes per unlogged CQL batch of summary rows (Cassandra warns above 10 partitions or 5 KiB; 50 stay far under its 50 KiB refusal)
 * @param writeTimeout   a flush taking longer counts as a failed write
 * @param retryInterval  how often a spilled file is replayed while Cassandra is down
 * @param spillDir       where undeliverable records are kept on disk
 * @param journalDir     where the write-ahead journal of answered scans lives (a local disk)
 * @param journalSync    how often the journal is forced to disk: the power-loss window
 * @param journalSegment the journal's file granularity: a segment is deleted once all its scans are stored
 * @param summaryInterval at most this long between writes of a code's summary row when nothing exceptional happens
 */
public record ScanSettings(int bufferCapacity, Duration flushInterval, int maxPerFlush, int rowsPerBatch,
                           Duration writeTimeout, Duration retryInterval, Path spillDir, Path journalDir,
                           Duration journalSync, Duration journalSegment, Duration summaryInterval) {
    public ScanSettings {
        Objects.requireNonNull(spillDir, "scan.spillDir");
        Objects.requireNonNull(journalDir, "scan.journalDir");
        if (summaryInterval.isNegative()) {
            throw new IllegalArgumentException("scan.summaryInterval must be >= 0, got " + summaryInterval);
        }
        if (journalSync.toMillis() < 1 || journalSegment.toMillis() < 1) {
            throw new IllegalArgumentException("scan journal intervals must be >= 1 ms");
        }
        if (bufferCapacity < 1 || maxPerFlush < 1 || rowsPerBatch < 1 || rowsPerBatch > 50) {
            throw new IllegalArgumentException("scan sizes out of range: bufferCapacity=" + bufferCapacity
                    + " maxPerFlush=" + maxPerFlush + " rowsPerBatch=" + rowsPerBatch + " (1..50)");
        }
        if (flushInterval.toMillis() < 1 || writeTimeout.toMillis() < 1 || retryInterval.toMillis() < 1) {
            throw new IllegalArgumentException("scan intervals must be >= 1 ms");
        }
    }
}
