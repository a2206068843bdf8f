package org.markauth.verify.officer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.markauth.http.CqlFutures;

/**
 * Officers' device keys (V014 {@code officer_devices}, {@code devices_by_officer}). A key belongs to
 * the first officer who registers it: the row is written with {@code IF NOT EXISTS}, and the list
 * row after it, so registering again (a retry after a crash between the two) rewrites the same list
 * row. Revocation sets {@code revoked_at} in both rows in a logged batch and keeps the first one.
 */
public final class DeviceStore {

    /** A registered device. */
    public record Device(String id, String officer, String label, byte[] spki, Instant registeredAt, Instant revokedAt,
                         String revokedBy) {

        public boolean revoked() {
            return revokedAt != null;
        }

        public DeviceKey key() {
            return new DeviceKey(id, spki);
        }

        public JsonObject json() {
            return new JsonObject().put("deviceId", id).put("officer", officer).put("label", label)
                    .put("registeredAt", registeredAt.toString()).put("revokedAt", revokedAt == null ? null : revokedAt.toString());
        }
    }

    /** What registering gave: the device as stored, and whether this call created it. */
    public record Registered(Device device, boolean created) {
    }

    private final CqlSession session;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement insertList;
    private final PreparedStatement select;
    private final PreparedStatement list;
    private final PreparedStatement revoke;
    private final PreparedStatement revokeList;

    public DeviceStore(CqlSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
        insert = session.prepare("INSERT INTO officer_devices (device_id, officer, label, public_key, registered_at) "
                + "VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
        insertList = session.prepare("INSERT INTO devices_by_officer (officer, device_id, label, registered_at, revoked_at) "
                + "VALUES (?, ?, ?, ?, ?)");
        select = session.prepare("SELECT device_id, officer, label, public_key, registered_at, revoked_at, revoked_by "
                + "FROM officer_devices WHERE device_id = ?");
        list = session.prepare("SELECT device_id, label, registered_at, revoked_at FROM devices_by_officer WHERE officer = ?");
        revoke = session.prepare("UPDATE officer_devices SET revoked_at = ?, revoked_by = ? WHERE device_id = ?");
        revokeList = session.prepare("UPDATE devices_by_officer SET revoked_at = ? WHERE officer = ? AND device_id = ?");
    }

    /** Registers {@code key} to {@code officer}, or answers the row that already holds it (possibly another officer's). */
    public Future<Registered> register(DeviceKey key, String officer, String label) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return CqlFutures.future(session.executeAsync(insert.bind(key.id(), officer, label, ByteBuffer.wrap(key.spki()), now)))
                .compose(rs -> {
                    boolean applied = rs.wasApplied();   // before the row is read: the driver's rule
                    Device d = applied ? new Device(key.id(), officer, label, key.spki(), now, null, null) : device(rs.one());
                    if (!d.officer().equals(officer)) {
                        return Future.succeededFuture(new Registered(d, false));
                    }
                    return CqlFutures.future(session.executeAsync(insertList.bind(officer, d.id(), d.label(), d.registeredAt(),
                                    d.revokedAt()).setIdempotent(true)))
                            .map(x -> new Registered(d, applied));
                });
    }

    public Future<Optional<Device>> find(String deviceId) {
        return CqlFutures.future(session.executeAsync(select.bind(deviceId)))
                .map(rs -> Optional.ofNullable(rs.one()).map(DeviceStore::device));
    }

    /** An officer's devices, by id. */
    public Future<List<JsonObject>> of(String officer) {
        return CqlFutures.future(session.executeAsync(list.bind(officer))).map((AsyncResultSet rs) -> {
            List<JsonObject> out = new ArrayList<>();
            for (Row r : rs.currentPage()) {   // an officer has a few phones: one page
                Instant revoked = r.getInstant("revoked_at");
                out.add(new JsonObject().put("deviceId", r.getString("device_id")).put("label", r.getString("label"))
                        .put("registeredAt", r.getInstant("registered_at").toString())
                        .put("revokedAt", revoked == null ? null : revoked.toString()));
            }
            return out;
        });
    }

    /** Revokes a device (already revoked: kept as it was). */
    public Future<Void> revoke(Device d, String by) {
        if (d.revoked()) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return CqlFutures.future(session.executeAsync(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                revoke.bind(now, by, d.id()), revokeList.bind(now, d.officer(), d.id())))).mapEmpty();
    }

    private static Device device(Row r) {
        ByteBuffer k = r.getByteBuffer("public_key");
        byte[] spki = new byte[k.remaining()];
        k.duplicate().get(spki);
        return new Device(r.getString("device_id"), r.getString("officer"), r.getString("label"), spki,
                r.getInstant("registered_at"), r.getInstant("revoked_at"), r.getString("revoked_by"));
    }
}
