package org.markauth.issuer.batch;

import org.markauth.registry.BatchState;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CQL for batches, their idempotency keys, job status and listings (V002). */
public final class BatchStore {

    private static final String COLS = "batch_id, product_id, licensee_id, lot, production_date, expiry_date, line_id, "
            + "quantity, key_id, state, idempotency_key, created_at, created_by";

    private final CqlSession session;
    private final PreparedStatement claimBatch;
    private final PreparedStatement selectBatch;
    private final PreparedStatement setState;
    private final PreparedStatement claimKey;
    private final PreparedStatement selectKey;
    private final PreparedStatement releaseKey;
    private final PreparedStatement byLicensee;
    private final PreparedStatement listByLicensee;
    private final PreparedStatement byDay;
    private final PreparedStatement listByDay;
    private final PreparedStatement putJob;
    private final PreparedStatement progress;
    private final PreparedStatement selectJob;
    private final PreparedStatement markUnusedExpired;

    public BatchStore(CqlSession s) {
        this.session = s;
        claimBatch = s.prepare("INSERT INTO batches (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        selectBatch = s.prepare("SELECT " + COLS + " FROM batches WHERE batch_id = ?");
        setState = s.prepare("UPDATE batches SET state = ? WHERE batch_id = ?");
        claimKey = s.prepare("INSERT INTO batch_idempotency (licensee_id, idempotency_key, batch_id, request_hash, created_at) "
                + "VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
        selectKey = s.prepare("SELECT batch_id, request_hash FROM batch_idempotency WHERE licensee_id = ? AND idempotency_key = ?");
        releaseKey = s.prepare("DELETE FROM batch_idempotency WHERE licensee_id = ? AND idempotency_key = ? IF batch_id = ?");
        byLicensee = s.prepare("INSERT INTO batches_by_licensee (licensee_id, created_at, batch_id, product_id, lot, quantity) VALUES (?, ?, ?, ?, ?, ?)");
        listByLicensee = s.prepare("SELECT batch_id FROM batches_by_licensee WHERE licensee_id = ? LIMIT ?");
        byDay = s.prepare("INSERT INTO batches_by_day (day, batch_id) VALUES (?, ?)");
        listByDay = s.prepare("SELECT batch_id FROM batches_by_day WHERE day = ?");
        putJob = s.prepare("INSERT INTO batch_jobs (batch_id, state, done, total, error, started_at, updated_at, finished_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        progress = s.prepare("UPDATE batch_jobs SET state = ?, done = ?, updated_at = ?, finished_at = ?, error = ? WHERE batch_id = ?");
        selectJob = s.prepare("SELECT batch_id, state, done, total, error, started_at, updated_at, finished_at, unused_expired_at "
                + "FROM batch_jobs WHERE batch_id = ?");
        markUnusedExpired = s.prepare("UPDATE batch_jobs SET unused_expired_at = ? WHERE batch_id = ?");
    }

    /** Inserts the batch row if its id is free; false when the id is taken (pick another). */
    boolean claim(Batch b) {
        return session.execute(claimBatch.bind(b.batchId(), b.productId(), b.licenseeId(), b.lot(), b.productionDate(),
                b.expiryDate(), b.lineId(), b.quantity(), keyIdBytes(b.keyId()), b.state().name(), b.idempotencyKey(),
                b.createdAt(), b.createdBy())).wasApplied();
    }

    void index(Batch b) {
        session.execute(byLicensee.bind(b.licenseeId(), b.createdAt(), b.batchId(), b.productId(), b.lot(), b.quantity()));
        session.execute(byDay.bind(LocalDate.ofInstant(b.createdAt(), ZoneOffset.UTC), b.batchId()));
    }

    /** Claims an idempotency key for {@code batchId}; returns the existing (batchId, hash) when the key was already used. */
    Optional<Claimed> claimKey(String licenseeId, String key, int batchId, byte[] hash, Instant now) {
        Row r = session.execute(claimKey.bind(licenseeId, key, batchId, ByteBuffer.wrap(hash), now)).one();
        if (r.getBoolean("[applied]")) {
            return Optional.empty();
        }
        return Optional.of(new Claimed(r.getInt("batch_id"), bytes(r.getByteBuffer("request_hash"))));
    }

    Optional<Claimed> existingKey(String licenseeId, String key) {
        return Optional.ofNullable(session.execute(selectKey.bind(licenseeId, key)).one())
                .map(r -> new Claimed(r.getInt("batch_id"), bytes(r.getByteBuffer("request_hash"))));
    }

    /** Drops a key claim that pointed at a batch id we could not take. */
    void releaseKey(String licenseeId, String key, int batchId) {
        session.execute(releaseKey.bind(licenseeId, key, batchId));
    }

    record Claimed(int batchId, byte[] requestHash) {
    }

    public Optional<Batch> batch(int batchId) {
        Row r = session.execute(selectBatch.bind(batchId)).one();
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new Batch(r.getInt("batch_id"), r.getInt("product_id"), r.getString("licensee_id"),
                r.getString("lot"), r.getLocalDate("production_date"), r.getLocalDate("expiry_date"), r.getString("line_id"),
                r.getInt("quantity"), ByteBuffer.wrap(bytes(r.getByteBuffer("key_id"))).getInt(),
                BatchState.valueOf(r.getString("state")), r.getString("idempotency_key"), r.getInstant("created_at"),
                r.getString("created_by")));
    }

    void setState(int batchId, BatchState state) {
        session.execute(setState.bind(state.name(), batchId));
    }

    List<Integer> batchIdsOf(String licenseeId, int limit) {
        List<Integer> out = new ArrayList<>();
        session.execute(listByLicensee.bind(licenseeId, limit)).forEach(r -> out.add(r.getInt(0)));
        return out;
    }

    public List<Integer> batchIdsOfDay(LocalDate day) {
        List<Integer> out = new ArrayList<>();
        session.execute(listByDay.bind(day)).forEach(r -> out.add(r.getInt(0)));
        return out;
    }

    void startJob(int batchId, int total, Instant now) {
        session.execute(putJob.bind(batchId, JobStatus.State.QUEUED.name(), 0, total, null, now, now, null));
    }

    void progress(int batchId, JobStatus.State state, int done, Instant now, String error) {
        Instant finished = state == JobStatus.State.DONE || state == JobStatus.State.FAILED ? now : null;
        session.execute(progress.bind(state.name(), done, now, finished, error, batchId));
    }

    public Optional<JobStatus> job(int batchId) {
        Row r = session.execute(selectJob.bind(batchId)).one();
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new JobStatus(batchId, JobStatus.State.valueOf(r.getString("state")), r.getInt("done"),
                r.getInt("total"), r.getString("error"), r.getInstant("started_at"), r.getInstant("updated_at"),
                r.getInstant("finished_at")));
    }

    /** When the never-activated marks of a batch were expired, or null. */
    public Instant unusedExpiredAt(int batchId) {
        Row r = session.execute(selectJob.bind(batchId)).one();
        return r == null ? null : r.getInstant("unused_expired_at");
    }

    public void setUnusedExpired(int batchId, Instant at) {
        session.execute(markUnusedExpired.bind(at, batchId));
    }

    public static ByteBuffer keyIdBytes(int keyId) {
        return ByteBuffer.allocate(4).putInt(0, keyId);
    }

    public static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
