package org.markauth.issuer.complaints;

import java.time.Instant;

/** A line of the compensation fund's ledger (V026 {@code complaint_fund_ledger}), amounts in fen. */
public record LedgerEntry(Instant at, Kind kind, String caseNo, long amountFen, long balanceFen, String actor, String note) {

    public enum Kind {
        DEPOSIT, PAYMENT, RECOVERY
    }
}
