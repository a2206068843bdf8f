package org.markauth.verify.officer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.markauth.http.CqlFutures;
import org.markauth.registry.MarkKey;
import org.markauth.verify.report.ImageType;

/**
 * Received inspection records (V014): the record's exact bytes with the device's signature in
 * {@code inspection_records}, written first and with {@code IF NOT EXISTS} (the first submission of
 * an id fixes it: {@link #insert} answers the stored row when the id is taken), then the rows
 * derived from it ({@link #derive}): the officer's list, the day's list, and each unit with a batch
 * id and serial in the per-unit {@code inspections} table and {@code mark_events}, so the unit's
 * officer record and trace show it. Every derived row's key comes from the stored row (received_at)
 * and the record (id, each unit's checkedAt and position), so a retry after a crash between the
 * writes rewrites the same rows: nothing is lost and nothing doubles.
 *
 * <p>{@link #evidence} gives the evidence package everything it needs from storage.
 */
public final class InspectionStore {

    /** A record as stored, with what the server added (received when, by which instance). */
    public record Stored(UUID id, byte[] record, byte[] signature, byte[] recordSha256, String deviceId, String officer,
                         Instant receivedAt, String instance, Instant startedAt, int units, int seizures, int photos) {

        /** The answer to a submission: {@code {"id","recordSha256","receivedAt"}}. */
        public JsonObject receipt() {
            return new JsonObject().put("id", id.toString()).put("recordSha256", HexFormat.of().formatHex(recordSha256))
                    .put("receivedAt", receivedAt.toString());
        }

        public boolean sameBytes(byte[] other) {
            return java.util.Arrays.equals(record, other);
        }
    }

    /** What {@link #insert} did: the row now stored under the id, and whether this call wrote it. */
    public record Inserted(Stored stored, boolean created) {
    }

    /**
     * Everything an evidence package (docs/mark-format.md §15) needs from storage: the record's
     * bytes as signed, the device's signature, the device (its SPKI, officer, registration), when and
     * where the record was received, and each listed photo's bytes by SHA-256 in the record's order
     * (read back and checked against their hashes).
     */
    public record Evidence(Stored stored, DeviceStore.Device device, InspectionRecord record, Map<String, Photo> photos) {
    }

    /** A photo of an evidence package: its recognised type and bytes. */
    public record Photo(ImageType type, byte[] bytes) {
    }

    static final int UNIT_WRITES_IN_FLIGHT = 8;
    private static final String COLUMNS = "id, record, signature, record_sha256, device_id, officer, received_at, instance, "
            + "started_at, units, seizures, photos";

    private final CqlSession session;
    private final DeviceStore devices;
    private final OfficerPhotoStore photos;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement insertByOfficer;
    private final PreparedStatement insertByDay;
    private final PreparedStatement insertUnit;
    private final PreparedStatement insertEvent;
    private final PreparedStatement byOfficer;
    private final PreparedStatement byOfficerBefore;
    private final PreparedStatement byDay;
    private final PreparedStatement byDayBefore;

    public InspectionStore(CqlSession session, DeviceStore devices, OfficerPhotoStore photos) {
        this.session = session;
        this.devices = devices;
        this.photos = photos;
        insert = session.prepare("INSERT INTO inspection_records (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "IF NOT EXISTS");
        select = session.prepare("SELECT " + COLUMNS + " FROM inspection_records WHERE id = ?");
        insertByOfficer = session.prepare("INSERT INTO inspections_by_officer (officer, received_at, id, device_id, started_at, "
                + "units, seizures, photos) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        insertByDay = session.prepare("INSERT INTO inspections_by_day (day, received_at, id, officer, device_id, started_at, "
                + "units, seizures, photos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertUnit = session.prepare("INSERT INTO inspections (batch_id, serial, at, inspection_id, officer, kind, result, place, "
                + "note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertEvent = session.prepare("INSERT INTO mark_events (batch_id, serial, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?, ?)");
        String list = "SELECT received_at, id, officer, device_id, started_at, units, seizures, photos FROM ";
        byOfficer = session.prepare(list.replace(", officer,", ",") + "inspections_by_officer WHERE officer = ? LIMIT ?");
        byOfficerBefore = session.prepare(list.replace(", officer,", ",") + "inspections_by_officer WHERE officer = ? "
                + "AND received_at < ? LIMIT ?");
        byDay = session.prepare(list + "inspections_by_day WHERE day = ? LIMIT ?");
        byDayBefore = session.prepare(list + "inspections_by_day WHERE day = ? AND received_at < ? LIMIT ?");
    }

    public Future<Optional<Stored>> find(UUID id) {
        return CqlFutures.future(session.executeAsync(select.bind(id))).map(rs -> Optional.ofNullable(rs.one()).map(InspectionStore::stored));
    }

    /** Writes the record's row unless its id is taken; answers the row stored under the id either way. */
    public Future<Inserted> insert(Stored s) {
        return CqlFutures.future(session.executeAsync(insert.bind(s.id(), ByteBuffer.wrap(s.record()), ByteBuffer.wrap(s.signature()),
                        ByteBuffer.wrap(s.recordSha256()), s.deviceId(), s.officer(), s.receivedAt(), s.instance(), s.startedAt(),
                        s.units(), s.seizures(), s.photos())))
                .map(rs -> rs.wasApplied() ? new Inserted(s, true) : new Inserted(stored(rs.one()), false));
    }

    /** Writes the rows derived from a stored record (idempotent: the same rows again on a retry). */
    public Future<Void> derive(Stored s, InspectionRecord r) {
        List<BoundStatement> writes = new ArrayList<>();
        writes.add(insertByOfficer.bind(s.officer(), s.receivedAt(), s.id(), s.deviceId(), s.startedAt(), s.units(), s.seizures(),
                s.photos()));
        writes.add(insertByDay.bind(LocalDate.ofInstant(s.receivedAt(), ZoneOffset.UTC), s.receivedAt(), s.id(), s.officer(),
                s.deviceId(), s.startedAt(), s.units(), s.seizures(), s.photos()));
        String place = r.place() == null ? null : r.place().label().isEmpty() ? r.place().geohash()
                : r.place().label() + " (" + r.place().geohash() + ")";
        String note = "inspection record " + s.id() + (r.notes().isEmpty() ? "" : ": " + clip(r.notes(), 2000));
        for (int i = 0; i < r.units().size(); i++) {
            InspectionRecord.Unit u = r.units().get(i);
            if (u.batchId() == null || u.serial() == null) {
                continue;   // a code whose signature did not name a unit: the record keeps it, no unit's life does
            }
            UUID at = unitAt(s.id(), i, u.checkedAt());
            ByteBuffer serial = MarkKey.serialBytes(u.serial());
            writes.add(insertUnit.bind(u.batchId(), serial, at, s.id(), s.officer(), u.kind(), u.outcome(), place, note));
            writes.add(insertEvent.bind(u.batchId(), serial, at, u.kind(), s.officer(),
                    new JsonObject().put("inspection", s.id().toString()).put("result", u.outcome()).put("verdict", u.verdict())
                            .put("source", u.source()).encode()));
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(UNIT_WRITES_IN_FLIGHT, writes.size()); i++) {
            lanes.add(lane(writes, next));
        }
        return Future.all(lanes).mapEmpty();
    }

    private Future<Void> lane(List<BoundStatement> writes, AtomicInteger next) {
        int i = next.getAndIncrement();
        if (i >= writes.size()) {
            return Future.succeededFuture();
        }
        return CqlFutures.future(session.executeAsync(writes.get(i).setIdempotent(true))).compose(x -> lane(writes, next));
    }

    /**
     * The time UUID of unit {@code index} of record {@code id} in the per-unit tables: the unit's
     * checkedAt as its time (the unit's history sorts it where it happened), and the clock sequence
     * and node from SHA-256(id ‖ index), so the same unit of the same record is always the same row.
     */
    static UUID unitAt(UUID id, int index, Instant checkedAt) {
        long msb = Uuids.startOf(checkedAt.toEpochMilli()).getMostSignificantBits();
        byte[] h = DeviceKey.sha256((id + ":" + index).getBytes(StandardCharsets.US_ASCII));
        long lsb = ByteBuffer.wrap(h).getLong();
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;   // the IETF variant, as every time UUID
        return new UUID(msb, lsb);
    }

    /** An officer's records, newest received first, at most {@code limit}, received before {@code before} if given. */
    public Future<List<JsonObject>> byOfficer(String officer, int limit, Instant before) {
        BoundStatement st = before == null ? byOfficer.bind(officer, limit) : byOfficerBefore.bind(officer, before, limit);
        return CqlFutures.future(session.executeAsync(st)).map(rs -> {
            List<JsonObject> out = new ArrayList<>();
            rs.currentPage().forEach(row -> out.add(summary(row, officer)));
            return out;
        });
    }

    /** Every officer's records, newest received first, looking back at most {@code days} days from {@code before} (or now). */
    public Future<List<JsonObject>> all(int limit, Instant before, Instant now, int days) {
        Instant from = before == null ? now : before;
        return allFrom(LocalDate.ofInstant(from, ZoneOffset.UTC), before, limit, days, new ArrayList<>());
    }

    private Future<List<JsonObject>> allFrom(LocalDate day, Instant before, int limit, int daysLeft, List<JsonObject> out) {
        if (out.size() >= limit || daysLeft <= 0) {
            return Future.succeededFuture(out);
        }
        int want = limit - out.size();
        BoundStatement st = before == null ? byDay.bind(day, want) : byDayBefore.bind(day, before, want);
        return CqlFutures.future(session.executeAsync(st)).compose(rs -> {
            rs.currentPage().forEach(row -> out.add(summary(row, row.getString("officer"))));
            return allFrom(day.minusDays(1), before, limit, daysLeft - 1, out);
        });
    }

    /**
     * What the evidence package is built from, or empty when no record has this id. Fails when a
     * listed photo or the device cannot be read back as stored (a damaged store is not evidence).
     */
    public Future<Optional<Evidence>> evidence(UUID id) {
        return find(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<Evidence>empty());
            }
            Stored s = found.get();
            InspectionRecord r = InspectionRecord.parse(s.record());
            Future<DeviceStore.Device> device = devices.find(s.deviceId()).map(d -> d.orElseThrow(() ->
                    new IllegalStateException("device " + s.deviceId() + " of inspection " + id + " is not stored")));
            List<Future<Photo>> reads = new ArrayList<>();
            for (InspectionRecord.PhotoRef p : r.photos()) {
                reads.add(photos.find(p.sha256()).compose(m -> m.map(x -> photos.read(x).map(b -> new Photo(x.type(), b)))
                        .orElseGet(() -> Future.failedFuture(new IllegalStateException("photo " + p.sha256() + " of inspection "
                                + id + " is not stored")))));
            }
            return Future.all(device, Future.all(reads)).map(x -> {
                Map<String, Photo> byHash = new LinkedHashMap<>();
                for (int i = 0; i < r.photos().size(); i++) {
                    byHash.put(r.photos().get(i).sha256(), reads.get(i).result());
                }
                return Optional.of(new Evidence(s, device.result(), r, byHash));
            });
        });
    }

    private static JsonObject summary(Row row, String officer) {
        return new JsonObject().put("id", row.getUuid("id").toString()).put("officer", officer)
                .put("device", row.getString("device_id")).put("receivedAt", row.getInstant("received_at").toString())
                .put("startedAt", row.getInstant("started_at").toString()).put("units", row.getInt("units"))
                .put("seizures", row.getInt("seizures")).put("photos", row.getInt("photos"));
    }

    private static Stored stored(Row r) {
        return new Stored(r.getUuid("id"), bytes(r.getByteBuffer("record")), bytes(r.getByteBuffer("signature")),
                bytes(r.getByteBuffer("record_sha256")), r.getString("device_id"), r.getString("officer"), r.getInstant("received_at"),
                r.getString("instance"), r.getInstant("started_at"), r.getInt("units"), r.getInt("seizures"), r.getInt("photos"));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}
