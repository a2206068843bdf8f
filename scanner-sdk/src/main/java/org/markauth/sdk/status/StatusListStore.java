package org.markauth.sdk.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.markauth.sdk.trust.TrustRoot;

/**
 * The on-disk cache of the status list, for offline verdicts. The file ({@value #FILE_NAME}) holds
 * the last full signed document followed by the signed deltas applied since, exactly as received,
 * and is re-verified and re-applied on every load, so a tampered cache is refused. {@link #update}
 * refuses an older list, a different list with the same sequence, and a delta whose base is not
 * the list held; after a delta the result must match the publisher's state digest. Writes are
 * atomic (temp file + rename). Thread-safe.
 */
public final class StatusListStore {
    public static final String FILE_NAME = "status-list.bin";

    /** @param changed false when nothing newer was offered */
    public record UpdateResult(StatusList list, boolean changed) {
    }

    private final Path file;
    private final List<TrustRoot> roots;
    private StatusList held;
    private List<byte[]> chain = List.of();

    private StatusListStore(Path directory, List<TrustRoot> roots) {
        this.file = directory.resolve(FILE_NAME);
        this.roots = List.copyOf(roots);
    }

    /**
     * Opens (creating the directory) and loads the cached list if there is one.
     *
     * @throws StatusListException when the cache exists but does not verify or cannot be read
     */
    public static StatusListStore open(Path directory, List<TrustRoot> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("pin at least one trust root");
        }
        StatusListStore s = new StatusListStore(Objects.requireNonNull(directory, "directory"), roots);
        try {
            Files.createDirectories(directory);
            s.apply(StatusListCodec.decodeAll(Files.readAllBytes(s.file), s.roots), false);
        } catch (NoSuchFileException e) {
            s.held = null;
        } catch (IOException e) {
            throw new StatusListException("cannot read the cached status list " + s.file + ": " + e.getMessage(), e);
        }
        return s;
    }

    public synchronized Optional<StatusList> current() {
        return Optional.ofNullable(held);
    }

    /** The sequence to ask deltas from ({@code ?since=}), 0 when nothing is held. */
    public synchronized long sequence() {
        return held == null ? 0 : held.sequence();
    }

    /**
     * Verifies a response (a full list or a chain of deltas) and, if it moves forward, makes the
     * result the cached list.
     *
     * @throws StatusListException for a document that does not verify, a rollback, or a delta that
     *                             does not apply; the held list stays in force
     */
    public synchronized UpdateResult update(byte[] response) {
        return apply(StatusListCodec.decodeAll(response, roots), true);
    }

    private UpdateResult apply(List<StatusDocument> docs, boolean persist) {
        StatusList list = held;
        List<byte[]> newChain = new ArrayList<>(chain);
        boolean changed = false;
        for (StatusDocument d : docs) {
            if (!d.isDelta()) {
                if (list != null && d.sequence() < list.sequence()) {
                    throw new StatusListException("refusing status list " + d.sequence() + ": older than the one held ("
                            + list.sequence() + ")");
                }
                if (list != null && d.sequence() == list.sequence()) {
                    if (!Arrays.equals(d.stateDigest(), list.stateDigest())) {
                        throw new StatusListException("refusing status list " + d.sequence()
                                + ": same sequence as the one held, different content");
                    }
                    continue;
                }
                list = d.asFullList();
                newChain = new ArrayList<>(List.of(d.encoded()));
            } else {
                if (list == null || d.baseSequence() != list.sequence()) {
                    throw new StatusListException("status list delta " + d.baseSequence() + " -> " + d.sequence()
                            + " does not apply to the list held (" + (list == null ? "none" : list.sequence())
                            + "); fetch the full list");
                }
                StatusList next = list.apply(d.sequence(), d.issuedAt(), d.nextUpdate(), d.records());
                if (!Arrays.equals(next.stateDigest(), d.stateDigest())) {
                    throw new StatusListException("status list delta " + d.baseSequence() + " -> " + d.sequence()
                            + " does not produce the publisher's state; fetch the full list");
                }
                list = next;
                newChain.add(d.encoded());
            }
            changed = true;
        }
        if (changed && persist) {
            write(newChain);
        }
        held = list;
        chain = List.copyOf(newChain);
        return new UpdateResult(list, changed);
    }

    private void write(List<byte[]> docs) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        docs.forEach(all::writeBytes);
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.write(tmp, all.toByteArray());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StatusListException("cannot write the status list cache " + file + ": " + e.getMessage()
                    + "; check the directory is writable", e);
        }
    }
}
