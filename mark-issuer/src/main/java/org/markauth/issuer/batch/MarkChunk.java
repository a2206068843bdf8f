package org.markauth.issuer.batch;

/**
 * Consecutive units {@code firstSeq .. firstSeq + size - 1} of a batch; {@code codes} is null when
 * the run prints nothing. Arrays are owned by the pipeline; sinks read them and keep nothing.
 */
public record MarkChunk(int batchId, int firstSeq, long[] serials, String[] codes) {

    public int size() {
        return serials.length;
    }

    public int lastSeq() {
        return firstSeq + serials.length - 1;
    }
}
