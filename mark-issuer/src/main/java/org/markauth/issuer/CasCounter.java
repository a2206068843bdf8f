package org.markauth.issuer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.OptionalLong;

/**
 * Numbers handed out once each, across issuer instances, from a counter row per key: read the row,
 * then compare-and-set it one higher (a lightweight transaction); the first number of a key is 1. A
 * number is never given twice; one can be skipped when a caller fails after taking it. For the few
 * numbers a person reads (complaint case numbers, SSCC serial references), not for hot paths: each
 * number costs a Paxos round.
 */
public final class CasCounter {

    private final CqlSession session;
    private final PreparedStatement read;
    private final PreparedStatement start;
    private final PreparedStatement advance;
    private final String column;
    private final int attempts;

    /**
     * The counter kept in {@code table}, one row per {@code keyColumn}, its next number in the bigint
     * {@code column}; {@code attempts} compare-and-sets before a caller is told the counter is contended.
     */
    public CasCounter(CqlSession session, String table, String keyColumn, String column, int attempts) {
        this.session = session;
        this.column = column;
        this.attempts = attempts;
        this.read = session.prepare("SELECT " + column + " FROM " + table + " WHERE " + keyColumn + " = ?");
        this.start = session.prepare("INSERT INTO " + table + " (" + keyColumn + ", " + column + ") VALUES (?, 2) IF NOT EXISTS");
        this.advance = session.prepare("UPDATE " + table + " SET " + column + " = ? WHERE " + keyColumn + " = ? IF " + column + " = ?");
    }

    /** The next number of {@code key}, or empty when every attempt lost to another instance (the caller says "try again"). */
    public OptionalLong next(Object key) {
        for (int attempt = 0; attempt < attempts; attempt++) {
            Row r = session.execute(read.bind(key)).one();
            if (r == null) {
                if (session.execute(start.bind(key)).wasApplied()) {
                    return OptionalLong.of(1);
                }
                continue;
            }
            long next = r.getLong(column);
            if (session.execute(advance.bind(next + 1, key, next)).wasApplied()) {
                return OptionalLong.of(next);
            }
        }
        return OptionalLong.empty();
    }
}
