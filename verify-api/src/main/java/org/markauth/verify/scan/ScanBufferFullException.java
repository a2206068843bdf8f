package org.markauth.verify.scan;

import org.markauth.verify.VerifyException;

/**
 * The scan buffer is full (Cassandra and the spill disk both behind): the scan cannot be recorded,
 * so the verification is not answered either — an answered scan is an acknowledged record, and an
 * acknowledged record is never dropped. Answered 503 UNAVAILABLE; clients retry.
 */
public final class ScanBufferFullException extends VerifyException {

    public ScanBufferFullException(int depth) {
        super("scan buffer full (" + depth + " records waiting): Cassandra and the spill disk are behind");
    }
}
