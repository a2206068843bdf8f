package org.markauth.issuer.complaints;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.markauth.issuer.IssuerException;
import org.markauth.registry.CaseNumbers;

/**
 * The programme's compensation fund (先行赔付, V026): one balance in fen (the counter row
 * {@code fund:programme} of {@code complaint_counters}), moved by compare-and-set ({@code IF value = ?}), so two payments at once can never spend
 * the same yuan twice and the balance never goes below zero; and its ledger, one line per move with
 * the balance after it. A move and its ledger line are two writes: the balance first (the money's
 * truth), then the line; an issuer stopped between them leaves the balance right and one line
 * missing, which the ledger's running balance shows. Blocking.
 */
final class Fund {

    /** The programme has one fund; the key leaves room for more (per district) without a migration. */
    static final String PROGRAMME = "programme";
    /** The balance's counter row (V026 complaint_counters). */
    static final String BALANCE = "fund:" + PROGRAMME;
    /** One move at most: CNY 10 million. */
    static final long MAX_FEN = 1_000_000_000L;

    private final CqlSession s;
    private final Clock clock;
    private final StepIds ids;
    private final PreparedStatement read;
    private final PreparedStatement start;
    private final PreparedStatement set;
    private final PreparedStatement line;
    private final PreparedStatement lines;

    Fund(CqlSession s, Clock clock, StepIds ids) {
        this.s = s;
        this.clock = clock;
        this.ids = ids;
        read = s.prepare("SELECT value FROM complaint_counters WHERE name = ?");
        start = s.prepare("INSERT INTO complaint_counters (name, value) VALUES (?, 0) IF NOT EXISTS");
        set = s.prepare("UPDATE complaint_counters SET value = ? WHERE name = ? IF value = ?");
        line = s.prepare("INSERT INTO complaint_fund_ledger (fund, at, kind, case_no, amount_fen, balance_fen, actor, note) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        lines = s.prepare("SELECT at, kind, case_no, amount_fen, balance_fen, actor, note FROM complaint_fund_ledger WHERE fund = ? "
                + "ORDER BY at DESC LIMIT ?");
    }

    long balance() {
        Row r = s.execute(read.bind(BALANCE)).one();
        return r == null ? 0 : r.getLong(0);
    }

    /** Newest first. */
    List<LedgerEntry> ledger(int limit) {
        List<LedgerEntry> out = new ArrayList<>();
        for (Row r : s.execute(lines.bind(PROGRAMME, limit))) {
            out.add(new LedgerEntry(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), LedgerEntry.Kind.valueOf(r.getString("kind")),
                    r.getString("case_no"), r.getLong("amount_fen"), r.getLong("balance_fen"), r.getString("actor"), r.getString("note")));
        }
        return out;
    }

    /**
     * Moves the balance by {@code kind}'s sign (a PAYMENT takes, DEPOSIT and RECOVERY add) and writes
     * the ledger line; a payment larger than the balance is refused (422 FUND_INSUFFICIENT) and changes nothing.
     */
    LedgerEntry move(LedgerEntry.Kind kind, String caseNo, long amountFen, String actor, String note) {
        checkAmount(amountFen);
        s.execute(start.bind(BALANCE));
        for (int attempt = 0; attempt < CaseStore.MAX_ATTEMPTS; attempt++) {
            long before = balance();
            long after = kind == LedgerEntry.Kind.PAYMENT ? before - amountFen : before + amountFen;
            if (after < 0) {
                throw insufficient(before, amountFen);
            }
            if (s.execute(set.bind(after, BALANCE, before)).wasApplied()) {
                Instant at = clock.instant();
                s.execute(line.bind(PROGRAMME, ids.next(at), kind.name(), caseNo, amountFen, after, actor, note));
                return new LedgerEntry(at, kind, caseNo, amountFen, after, actor, note);
            }
        }
        throw new IssuerException.Unavailable("FUND_CONTENDED", "the compensation fund's balance is contended; try again", null);
    }

    static IssuerException insufficient(long balanceFen, long amountFen) {
        return new IssuerException.Refused("FUND_INSUFFICIENT", "the compensation fund holds CNY " + CaseNumbers.yuan(balanceFen)
                + ", less than the CNY " + CaseNumbers.yuan(amountFen) + " to pay; record a deposit into the fund first");
    }

    static void checkAmount(long fen) {
        if (fen <= 0 || fen > MAX_FEN) {
            throw new IllegalArgumentException("amountFen must be 1.." + MAX_FEN + " fen (CNY 0.01 to 10,000,000.00), got " + fen);
        }
    }
}
