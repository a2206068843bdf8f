package org.markauth.sdk.status;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One batch's record in a status list: whether the batch is recalled, and which of its units are
 * voided, decommissioned or blocked (a confirmed clone). Serials are the 64-bit values of the mark,
 * each list sorted as unsigned numbers, without duplicates, and a serial is in at most one list.
 * A record with nothing set (not recalled, no units) is only valid in a delta, where it removes
 * the batch from the list.
 *
 * <p>Encoding (docs/mark-format.md, "Status list"): key id (4) ‖ product id (4) ‖ batch id (4) ‖
 * flags (1, bit 0 = recalled) ‖ three counts (4 each) ‖ the serials (8 each), voided then
 * decommissioned then blocked.
 */
public record BatchStatus(int keyId, long productId, int batchId, boolean recalled, long[] voided, long[] decommissioned,
                          long[] blocked) {

    public static final int FIXED_BYTES = 4 + 4 + 4 + 1 + 12;

    /** What the list says about one unit, strongest first (the order of the offline verdict). */
    public enum UnitState { BLOCKED, VOIDED, DECOMMISSIONED, RECALLED }

    public BatchStatus {
        if (productId < 0 || productId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("product id out of range: " + productId);
        }
        voided = sortedCopy(voided, "voided");
        decommissioned = sortedCopy(decommissioned, "decommissioned");
        blocked = sortedCopy(blocked, "blocked");
        if (overlap(voided, decommissioned) || overlap(voided, blocked) || overlap(decommissioned, blocked)) {
            throw new IllegalArgumentException("batch " + Integer.toUnsignedString(batchId)
                    + ": a serial is listed in more than one state");
        }
    }

    /** A record without content: in a delta, "this batch no longer has a status". */
    public static BatchStatus cleared(int keyId, long productId, int batchId) {
        return new BatchStatus(keyId, productId, batchId, false, new long[0], new long[0], new long[0]);
    }

    public boolean isEmpty() {
        return !recalled && voided.length == 0 && decommissioned.length == 0 && blocked.length == 0;
    }

    /** The state of one serial of this batch, or {@code null} when the list says nothing about it. */
    public UnitState stateOf(long serial) {
        // the online precedence (verify-api VerdictPolicy): the unit's own record and a recall before
        // the block, so an officer offline and a consumer online hear the same verdict
        if (contains(voided, serial)) {
            return UnitState.VOIDED;
        }
        if (contains(decommissioned, serial)) {
            return UnitState.DECOMMISSIONED;
        }
        if (recalled) {
            return UnitState.RECALLED;
        }
        return contains(blocked, serial) ? UnitState.BLOCKED : null;
    }

    public int encodedLength() {
        return FIXED_BYTES + 8 * (voided.length + decommissioned.length + blocked.length);
    }

    void write(ByteBuffer out) {
        out.putInt(keyId).putInt((int) productId).putInt(batchId).put((byte) (recalled ? 1 : 0))
                .putInt(voided.length).putInt(decommissioned.length).putInt(blocked.length);
        for (long[] list : new long[][] {voided, decommissioned, blocked}) {
            for (long s : list) {
                out.putLong(s);
            }
        }
    }

    static BatchStatus read(ByteBuffer in) {
        if (in.remaining() < FIXED_BYTES) {
            throw new IllegalArgumentException("batch record truncated");
        }
        int keyId = in.getInt();
        long productId = in.getInt() & 0xFFFF_FFFFL;
        int batchId = in.getInt();
        int flags = in.get() & 0xFF;
        if ((flags & ~1) != 0) {
            throw new IllegalArgumentException("batch " + Integer.toUnsignedString(batchId) + ": unknown flag bits " + flags);
        }
        long[][] lists = new long[3][];
        long[] counts = {in.getInt() & 0xFFFF_FFFFL, in.getInt() & 0xFFFF_FFFFL, in.getInt() & 0xFFFF_FFFFL};
        if ((counts[0] + counts[1] + counts[2]) * 8 > in.remaining()) {
            throw new IllegalArgumentException("batch " + Integer.toUnsignedString(batchId) + ": serial lists truncated");
        }
        for (int l = 0; l < 3; l++) {
            lists[l] = new long[(int) counts[l]];
            for (int i = 0; i < lists[l].length; i++) {
                lists[l][i] = in.getLong();
            }
            requireSorted(lists[l], batchId);
        }
        return new BatchStatus(keyId, productId, batchId, flags == 1, lists[0], lists[1], lists[2]);
    }

    private static void requireSorted(long[] a, int batchId) {
        for (int i = 1; i < a.length; i++) {
            if (Long.compareUnsigned(a[i - 1], a[i]) >= 0) {
                throw new IllegalArgumentException("batch " + Integer.toUnsignedString(batchId)
                        + ": serials not in strictly increasing unsigned order");
            }
        }
    }

    private static long[] sortedCopy(long[] a, String what) {
        Objects.requireNonNull(a, what);
        Long[] boxed = Arrays.stream(a).boxed().sorted(Long::compareUnsigned).toArray(Long[]::new);
        long[] out = new long[boxed.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = boxed[i];
            if (i > 0 && out[i] == out[i - 1]) {
                throw new IllegalArgumentException(what + " lists serial " + Long.toHexString(out[i]) + " twice");
            }
        }
        return out;
    }

    static boolean contains(long[] sorted, long serial) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(sorted[mid], serial);
            if (c == 0) {
                return true;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return false;
    }

    private static boolean overlap(long[] a, long[] b) {
        for (long s : a.length < b.length ? a : b) {
            if (contains(a.length < b.length ? b : a, s)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long[] voided() {
        return voided.clone();
    }

    @Override
    public long[] decommissioned() {
        return decommissioned.clone();
    }

    @Override
    public long[] blocked() {
        return blocked.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchStatus b && keyId == b.keyId && productId == b.productId && batchId == b.batchId
                && recalled == b.recalled && Arrays.equals(voided, b.voided) && Arrays.equals(decommissioned, b.decommissioned)
                && Arrays.equals(blocked, b.blocked);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, productId, batchId, recalled) * 31 + Arrays.hashCode(voided) * 17
                + Arrays.hashCode(decommissioned) * 7 + Arrays.hashCode(blocked);
    }

    @Override
    public String toString() {
        return "BatchStatus[batch " + Integer.toUnsignedString(batchId) + (recalled ? ", recalled" : "") + ", voided "
                + voided.length + ", decommissioned " + decommissioned.length + ", blocked " + blocked.length + "]";
    }
}
