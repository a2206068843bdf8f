package org.markauth.issuer.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk queue of {@code issuer station}: what the station did while the issuer could not be
 * reached, one JSON object a line ({@code {"kind": "scan"|"pack", "body": {...}}}) in
 * {@code journal.jsonl}, each append forced to the disk before the scan is reported QUEUED. The
 * entries carry the ids the issuer deduplicates by, so sending one twice (a crash between the send
 * and {@link #drop}) changes nothing. Dropping sent entries rewrites the rest to a temporary file,
 * forced, then moved over the journal atomically: a crash leaves the old or the new journal whole.
 */
final class StationJournal {

    private final Path dir;
    private final Path file;
    private final List<JsonObject> entries = new ArrayList<>();

    StationJournal(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.file = dir.resolve("journal.jsonl");
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            boolean torn = !text.isEmpty() && !text.endsWith("\n");
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        entries.add(new JsonObject(line));
                    } catch (RuntimeException cut) {
                        // the last line of a journal cut by a crash mid-write: it was never reported QUEUED
                        torn = true;
                    }
                }
            }
            if (torn) {
                drop(0);   // rewritten whole, so the next append starts on a line of its own
            }
        }
    }

    Path file() {
        return file;
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    List<JsonObject> entries() {
        return List.copyOf(entries);
    }

    /** Appends an entry and forces it to the disk. */
    void append(String kind, JsonObject body) throws IOException {
        JsonObject e = new JsonObject().put("kind", kind).put("body", body);
        boolean created = !Files.exists(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap((e.encode() + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        if (created) {
            forceDirectory();   // the new file's name, not only its bytes, survives a power cut
        }
        entries.add(e);
    }

    /** Drops the first {@code n} entries (sent and answered). */
    void drop(int n) throws IOException {
        List<JsonObject> rest = new ArrayList<>(entries.subList(n, entries.size()));
        Path tmp = dir.resolve("journal.jsonl.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder s = new StringBuilder();
            rest.forEach(e -> s.append(e.encode()).append('\n'));
            ByteBuffer b = ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();   // the rename itself is on the disk before the sent entries are forgotten
        entries.clear();
        entries.addAll(rest);
    }

    /**
     * Forces the journal's directory, so that a created or renamed journal file is found after a power
     * cut (a file's own force covers its bytes, not its directory entry). POSIX systems open a directory
     * for this; where the platform cannot (Windows), the rename is as durable as the platform makes it.
     */
    private void forceDirectory() throws IOException {
        FileChannel d;
        try {
            d = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            return;
        }
        try (d) {
            d.force(true);
        }
    }
}
