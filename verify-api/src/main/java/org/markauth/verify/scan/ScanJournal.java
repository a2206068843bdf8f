package org.markauth.verify.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The on-disk spill of scan records that could not be written to Cassandra: append-only JSON-lines
 * files, each append forced to disk before it returns (one fsync per group of records, not per
 * record). Files are sealed before replay so that a file being replayed is never appended to;
 * a replayed file is deleted only after all its records were written. A torn last line (power cut
 * mid-write) is skipped on read. All methods block: call them off the event loop.
 */
final class ScanJournal {

    private final Path dir;
    private FileChannel current;
    private Path currentPath;
    private long seq;

    ScanJournal(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scan spill directory " + dir
                    + "; set scan.spillDir to a writable directory", e);
        }
    }

    synchronized void append(List<ScanRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(records.size() * 200);
        for (ScanRecord r : records) {
            sb.append(r.toLine()).append('\n');
        }
        try {
            if (current == null) {
                currentPath = dir.resolve(String.format("spill-%013d-%06d.jsonl", System.currentTimeMillis(), seq++));
                current = FileChannel.open(currentPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                current.write(buf);
            }
            current.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append " + records.size() + " scan records to " + currentPath
                    + " (disk full or not writable?)", e);
        }
    }

    /** Closes the file being appended to and lists every spill file, oldest first. */
    synchronized List<Path> sealAndList() {
        closeCurrent();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("spill-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the scan spill directory " + dir, e);
        }
    }

    boolean isEmpty() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.noneMatch(p -> p.getFileName().toString().startsWith("spill-"));
        } catch (IOException e) {
            return false;
        }
    }

    static List<ScanRecord> read(Path file) {
        List<ScanRecord> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(ScanRecord.fromLine(line));
                } catch (RuntimeException torn) {
                    // only the last line can be torn (append-only); everything before it is intact
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scan spill file " + file, e);
        }
        return out;
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete replayed spill file " + file, e);
        }
    }

    synchronized void close() {
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // already forced after every append; nothing left to lose
            }
            current = null;
        }
    }
}
