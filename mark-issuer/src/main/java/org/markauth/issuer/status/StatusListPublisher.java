package org.markauth.issuer.status;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.keys.SecretStore;
import org.markauth.issuer.keys.SigningKeys;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.status.BatchStatus;
import org.markauth.sdk.status.StatusList;
import org.markauth.sdk.status.StatusListCodec;
import org.markauth.sdk.status.StatusListSigner;
import org.markauth.sdk.trust.Delegation;

/**
 * Builds, signs and stores the status list (docs/mark-format.md, "Status list") in
 * {@code status_lists} (V010), where verify-api reads and serves it. A build starts from the
 * newest published list, recomputes only the batches change_log names since its watermark (the
 * first build reads every batch) plus those whose blocked units changed, and publishes sequence + 1
 * (full document and the delta from the previous one) only when the state differs. Concurrent
 * publishers (several issuer instances) race on the sequence with IF NOT EXISTS; the loser's
 * build is dropped and done again next period.
 *
 * <p>The status key is an Ed25519 key sealed in {@code issuer_secrets} ({@code status-list-key}); each
 * document carries its root-signed STATUS delegation ({@link SigningKeys#statusDelegation}): with the
 * legacy online root a fresh one valid for a year from the issue time, with the offline root the one
 * imported from the ceremony.
 */
public final class StatusListPublisher {

    static final String KEY_NAME = SigningKeys.STATUS_KEY;
    static final String LIST = "current";
    /** Deltas kept for clients that come back after many publications; older clients get the full list. */
    static final int DELTAS_KEPT = 1000;

    private final CqlSession session;
    private final SigningKeys keys;
    private final SecretStore secrets;
    private final UnitStates units;
    private final BlockedUnits blocked;
    private final Clock clock;
    private final Duration period;
    private final PreparedStatement latest;
    private final PreparedStatement insert;
    private final PreparedStatement setWatermark;
    private final PreparedStatement dropFull;
    private final PreparedStatement dropOld;

    /**
     * @param period the promised time to the next list (its nextUpdate); run {@link #publish()} at
     *               least every half period: an unchanged list is re-issued when half of it is left
     */
    public StatusListPublisher(CqlSession session, SigningKeys keys, SecretStore secrets, BatchStore batches,
                               BlockedUnits blocked, Clock clock, Duration period) {
        this.session = session;
        this.keys = keys;
        this.secrets = secrets;
        this.units = new UnitStates(session, batches);
        this.blocked = blocked;
        this.clock = clock;
        this.period = period;
        latest = session.prepare("SELECT sequence, full_document, watermark FROM status_lists WHERE list = ? LIMIT 1");
        insert = session.prepare("INSERT INTO status_lists (list, sequence, full_document, delta_document, watermark, units, "
                + "published_at) VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        setWatermark = session.prepare("UPDATE status_lists SET watermark = ? WHERE list = ? AND sequence = ?");
        dropFull = session.prepare("UPDATE status_lists SET full_document = null WHERE list = ? AND sequence = ?");
        dropOld = session.prepare("DELETE FROM status_lists WHERE list = ? AND sequence < ?");
    }

    /** Builds the next list; returns its sequence, or empty when nothing changed (or another publisher won). */
    public Optional<Long> publish() {
        Instant now = clock.instant();
        Row head = session.execute(latest.bind(LIST)).one();
        StatusList prev = head == null ? null
                : StatusListCodec.decodeAndVerify(BatchStore.bytes(head.getByteBuffer("full_document")), List.of(keys.root()))
                .asFullList();
        Set<Integer> recompute = new HashSet<>();
        UUID upTo;
        if (prev == null || head.getUuid("watermark") == null
                || Duration.between(Instant.ofEpochMilli(Uuids.unixTimestamp(head.getUuid("watermark"))), now).toDays() > 30) {
            recompute.addAll(units.allBatchIds());
            upTo = Uuids.startOf(now.minusSeconds(10).toEpochMilli());
        } else {
            UnitStates.Changes c = units.changedSince(head.getUuid("watermark"), now);
            recompute.addAll(c.batchIds());
            upTo = c.upTo();
        }
        // blocked units: recompute a batch only when its blocked set changed (a recompute reads all its marks)
        Map<Integer, Set<Long>> blockedNow = blocked.byBatch();
        Set<Integer> withBlocks = new HashSet<>(blockedNow.keySet());
        if (prev != null) {
            prev.batches().stream().filter(b -> b.blocked().length > 0).forEach(b -> withBlocks.add(b.batchId()));
        }
        for (int id : withBlocks) {
            Set<Long> was = new HashSet<>();
            if (prev != null) {
                prev.batch(id).ifPresent(b -> Arrays.stream(b.blocked()).forEach(was::add));
            }
            if (!was.equals(blockedNow.getOrDefault(id, Set.of()))) {
                recompute.add(id);
            }
        }
        Map<Integer, BatchStatus> next = new TreeMap<>(Integer::compareUnsigned);
        if (prev != null) {
            prev.batches().forEach(b -> next.put(b.batchId(), b));
        }
        for (int id : recompute) {
            Optional<BatchStatus> s = units.batch(id, blockedNow.getOrDefault(id, Set.of()));
            if (s.isPresent()) {
                next.put(id, s.get());
            } else {
                next.remove(id);
            }
        }
        long seq = prev == null ? 1 : prev.sequence() + 1;
        StatusList list = new StatusList(seq, now, now.plus(period), List.copyOf(next.values()));
        // unchanged: nothing to publish, unless the list in force would go stale before the next run
        boolean due = prev != null && !prev.nextUpdate().isAfter(now.plus(period.dividedBy(2)));
        if (prev != null && !due && Arrays.equals(list.stateDigest(), prev.stateDigest())) {
            session.execute(setWatermark.bind(upTo, LIST, prev.sequence()));
            return Optional.empty();
        }
        byte[][] docs = sign(prev, list);
        boolean applied = session.execute(insert.bind(LIST, seq, ByteBuffer.wrap(docs[0]),
                docs[1] == null ? null : ByteBuffer.wrap(docs[1]), upTo, (int) list.unitCount(), now)).wasApplied();
        if (!applied) {
            return Optional.empty();
        }
        if (seq > 2) {
            session.execute(dropFull.bind(LIST, seq - 2));
        }
        if (seq > DELTAS_KEPT + 1) {
            session.execute(dropOld.bind(LIST, seq - DELTAS_KEPT));
        }
        return Optional.of(seq);
    }

    /** The full document and the delta from {@code prev} (null for the first list). */
    private byte[][] sign(StatusList prev, StatusList list) {
        SecretStore.Stored key = keys.statusKey();
        SignatureAlgorithm alg = SignatureAlgorithm.valueOf(key.algorithm());
        Delegation d = keys.statusDelegation(alg, key.publicPart(), list.issuedAt());
        byte[] priv = secrets.open(KEY_NAME, key);
        RawSigner raw = RawSigner.create(alg, priv);
        try {
            StatusListSigner signer = new StatusListSigner(raw, d);
            return new byte[][] {signer.full(list), prev == null ? null : signer.delta(prev, list)};
        } finally {
            raw.destroy();
            Arrays.fill(priv, (byte) 0);
        }
    }
}
