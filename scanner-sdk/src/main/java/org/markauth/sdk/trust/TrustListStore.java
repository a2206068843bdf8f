package org.markauth.sdk.trust;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The on-disk cache of the signed trust list, for offline use. It keeps the exact signed document
 * ({@value #FILE_NAME}) and re-verifies it against the pinned roots on every load, so a tampered
 * cache file is refused rather than trusted. {@link #update} refuses a lower sequence than the one
 * held (no rollback) and a different list with the same sequence; writes are atomic (temp file +
 * rename), so a crash leaves the old or the new list, never half of one. Thread-safe.
 */
public final class TrustListStore {
    public static final String FILE_NAME = "trust-list.json";

    /** The list in force and whether it is past its next-update time. */
    public record Status(TrustList list, boolean stale, Instant staleSince) {
    }

    /** @param changed false when the offered list was the one already held */
    public record UpdateResult(TrustList list, boolean changed) {
    }

    private final Path file;
    private final List<TrustRoot> roots;
    private final Clock clock;
    private TrustList held;

    private TrustListStore(Path directory, List<TrustRoot> roots, Clock clock) {
        this.file = directory.resolve(FILE_NAME);
        this.roots = List.copyOf(roots);
        this.clock = clock;
    }

    /**
     * Opens (creating the directory) and loads the cached list if there is one.
     *
     * @throws TrustListException when the cached file exists but does not verify, or cannot be read
     */
    public static TrustListStore open(Path directory, List<TrustRoot> roots, Clock clock) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("pin at least one trust root");
        }
        TrustListStore s = new TrustListStore(directory, roots, Objects.requireNonNull(clock, "clock"));
        try {
            Files.createDirectories(directory);
            s.held = TrustListCodec.decodeAndVerify(Files.readAllBytes(s.file), s.roots);
        } catch (NoSuchFileException e) {
            s.held = null;
        } catch (IOException e) {
            throw new TrustListException(TrustListRefusal.CACHE_IO, "cannot read the cached trust list " + s.file + ": " + e.getMessage(), e);
        }
        return s;
    }

    public synchronized Optional<TrustList> current() {
        return Optional.ofNullable(held);
    }

    /** The held list with its stale flag; empty when nothing was ever fetched. */
    public synchronized Optional<Status> status() {
        if (held == null) {
            return Optional.empty();
        }
        boolean stale = held.isStale(clock.instant());
        return Optional.of(new Status(held, stale, stale ? held.nextUpdate() : null));
    }

    /**
     * Verifies a signed document and, if it is newer, makes it the cached list.
     *
     * @throws TrustListRollbackException for an older sequence, or a different list with the same one
     * @throws TrustListException         when it does not verify or cannot be written
     */
    public synchronized UpdateResult update(byte[] document) {
        TrustList offered = TrustListCodec.decodeAndVerify(document, roots);
        if (held != null) {
            if (offered.sequence() < held.sequence()) {
                throw new TrustListRollbackException(held.sequence(), offered.sequence(), "older list");
            }
            if (offered.sequence() == held.sequence()) {
                if (Arrays.equals(TrustListCodec.canonical(offered), TrustListCodec.canonical(held))) {
                    return new UpdateResult(held, false);
                }
                throw new TrustListRollbackException(held.sequence(), offered.sequence(), "same sequence, different content");
            }
        }
        write(document);
        held = offered;
        return new UpdateResult(offered, true);
    }

    private void write(byte[] document) {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.write(tmp, document);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new TrustListException(TrustListRefusal.CACHE_IO, "cannot write the trust list cache " + file + ": " + e.getMessage()
                    + "; check the directory is writable", e);
        }
    }
}
