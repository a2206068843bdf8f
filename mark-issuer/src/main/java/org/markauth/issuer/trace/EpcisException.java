package org.markauth.issuer.trace;

import org.markauth.issuer.IssuerException;

/**
 * One event of an EPCIS document refused for a specific reason (HTTP 422 when it refuses the whole
 * capture). {@link #code()} is stable: MALFORMED_EVENT, UNKNOWN_BIZSTEP, UNKNOWN_DISPOSITION,
 * MALFORMED_EPC, UNKNOWN_MARK, FOREIGN_EPC (a GS1 or other EPC that cannot name a programme mark),
 * NOT_YOUR_MARK, TIME_IN_FUTURE, TIME_BEFORE_ISSUE, ...
 */
public final class EpcisException extends IssuerException.BadInput {

    public EpcisException(String code, String message) {
        super(code, message);
    }
}
