package org.markauth.issuer.keys;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.sdk.crypto.KeyId;

/**
 * What the offline root signed for this issuer, as imported ({@code trust_delegations}, V012):
 * kind {@value #TRUST_LIST} rows hold {@code markauth-delegation/1} documents, kind
 * {@value #STATUS} rows the binary STATUS delegation of the status-list key. Public documents:
 * the private keys they name stay sealed in {@code issuer_secrets}.
 */
final class TrustDelegations {
    static final String TRUST_LIST = "trust-list";
    static final String STATUS = "status";

    /** One imported delegation. */
    record Imported(String kind, KeyId keyId, Instant notBefore, Instant notAfter, byte[] document, Instant importedAt, String importedBy) {
        boolean covers(Instant at) {
            return !at.isBefore(notBefore) && !at.isAfter(notAfter);
        }
    }

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    TrustDelegations(CqlSession session) {
        this.session = session;
        insert = session.prepare("INSERT INTO trust_delegations (kind, key_id, not_before, not_after, document, imported_at, "
                + "imported_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
        select = session.prepare("SELECT kind, key_id, not_before, not_after, document, imported_at, imported_by "
                + "FROM trust_delegations WHERE kind = ?");
    }

    void store(String kind, KeyId keyId, Instant notBefore, Instant notAfter, byte[] document, Instant now, String actor) {
        session.execute(insert.bind(kind, ByteBuffer.wrap(SigningKeys.idBytes(keyId)), notBefore, notAfter,
                ByteBuffer.wrap(document), now, actor));
    }

    /** Every delegation of this kind, newest window first (later notBefore, then later notAfter). */
    List<Imported> all(String kind) {
        List<Imported> out = new ArrayList<>();
        for (Row r : session.execute(select.bind(kind))) {
            out.add(new Imported(r.getString("kind"), new KeyId(ByteBuffer.wrap(BatchStore.bytes(r.getByteBuffer("key_id"))).getInt()),
                    r.getInstant("not_before"), r.getInstant("not_after"), BatchStore.bytes(r.getByteBuffer("document")),
                    r.getInstant("imported_at"), r.getString("imported_by")));
        }
        out.sort(Comparator.comparing(Imported::notBefore).thenComparing(Imported::notAfter).reversed());
        return out;
    }
}
