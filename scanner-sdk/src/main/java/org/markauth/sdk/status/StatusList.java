package org.markauth.sdk.status;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.markauth.sdk.mark.SignedMark;

/**
 * The programme's status list at one sequence: every batch that is recalled or has voided,
 * decommissioned or blocked units (docs/mark-format.md, "Status list"). A verifier holding it
 * answers RECALLED, VOIDED, DECOMMISSIONED and CLONED offline. Immutable; batches keyed by batch id.
 *
 * @param nextUpdate when the publisher promises the next list; past it the list is "stale"
 */
public record StatusList(long sequence, Instant issuedAt, Instant nextUpdate, List<BatchStatus> batches) {

    static final byte[] STATE_PREFIX = "MARKAUTH-STATUS-STATE-v1".getBytes(StandardCharsets.US_ASCII);

    public StatusList {
        if (sequence < 1) {
            throw new IllegalArgumentException("status list sequence must be >= 1, got " + sequence);
        }
        issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        nextUpdate = nextUpdate.truncatedTo(ChronoUnit.SECONDS);
        if (!nextUpdate.isAfter(issuedAt)) {
            throw new IllegalArgumentException("status list nextUpdate must be after issuedAt");
        }
        TreeMap<Integer, BatchStatus> sorted = new TreeMap<>(Integer::compareUnsigned);
        for (BatchStatus b : batches) {
            if (b.isEmpty()) {
                throw new IllegalArgumentException("batch " + Integer.toUnsignedString(b.batchId())
                        + " has no status; a full list omits such batches");
            }
            if (sorted.put(b.batchId(), b) != null) {
                throw new IllegalArgumentException("batch " + Integer.toUnsignedString(b.batchId()) + " listed twice");
            }
        }
        batches = List.copyOf(sorted.values());
    }

    /** The record of a batch, if the list has one. */
    public Optional<BatchStatus> batch(int batchId) {
        int lo = 0;
        int hi = batches.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(batches.get(mid).batchId(), batchId);
            if (c == 0) {
                return Optional.of(batches.get(mid));
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.empty();
    }

    /**
     * What the list says about a mark: a record applies only when key id, batch id and product id
     * all match the mark's (docs/mark-format.md, "Using the status list").
     */
    public Optional<BatchStatus.UnitState> stateOf(SignedMark mark) {
        return batch((int) mark.content().batchId())
                .filter(b -> b.keyId() == mark.keyId().value() && b.productId() == mark.content().productId())
                .map(b -> b.stateOf(mark.content().serial().value()));
    }

    public boolean isStale(Instant now) {
        return now.isAfter(nextUpdate);
    }

    /** Whole seconds from issuedAt to now (never negative). */
    public Duration age(Instant now) {
        Duration d = Duration.between(issuedAt, now).truncatedTo(ChronoUnit.SECONDS);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Units listed (voided + decommissioned + blocked), for size figures and logs. */
    public long unitCount() {
        return batches.stream().mapToLong(b -> b.voided().length + b.decommissioned().length + b.blocked().length).sum();
    }

    /** The list after a delta: each record of the delta replaces the batch's, an empty record removes it. */
    public StatusList apply(long newSequence, Instant newIssuedAt, Instant newNextUpdate, Collection<BatchStatus> changes) {
        Map<Integer, BatchStatus> m = new TreeMap<>(Integer::compareUnsigned);
        for (BatchStatus b : batches) {
            m.put(b.batchId(), b);
        }
        for (BatchStatus c : changes) {
            if (c.isEmpty()) {
                m.remove(c.batchId());
            } else {
                m.put(c.batchId(), c);
            }
        }
        return new StatusList(newSequence, newIssuedAt, newNextUpdate, new ArrayList<>(m.values()));
    }

    /** The records that turn {@code older} into this list (cleared records for batches that left it). */
    public List<BatchStatus> changesSince(StatusList older) {
        List<BatchStatus> out = new ArrayList<>();
        for (BatchStatus b : batches) {
            if (!older.batch(b.batchId()).map(b::equals).orElse(false)) {
                out.add(b);
            }
        }
        for (BatchStatus o : older.batches()) {
            if (batch(o.batchId()).isEmpty()) {
                out.add(BatchStatus.cleared(o.keyId(), o.productId(), o.batchId()));
            }
        }
        out.sort((a, b) -> Integer.compareUnsigned(a.batchId(), b.batchId()));
        return out;
    }

    /** The state bytes: record count (4) ‖ the records in batch-id order. */
    public byte[] stateBytes() {
        return records(batches);
    }

    /** SHA-256 over "MARKAUTH-STATUS-STATE-v1" ‖ {@link #stateBytes()}: what every document at this sequence commits to. */
    public byte[] stateDigest() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(STATE_PREFIX);
            d.update(stateBytes());
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    static byte[] records(List<BatchStatus> records) {
        int len = 4;
        for (BatchStatus b : records) {
            len += b.encodedLength();
        }
        ByteBuffer out = ByteBuffer.allocate(len).putInt(records.size());
        records.forEach(b -> b.write(out));
        return out.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusList s && sequence == s.sequence && issuedAt.equals(s.issuedAt)
                && nextUpdate.equals(s.nextUpdate) && batches.equals(s.batches);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, issuedAt, nextUpdate, batches);
    }
}
