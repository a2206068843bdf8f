package org.markauth.issuer.trace;

import org.markauth.registry.MarkKey;
import org.markauth.registry.ScanLogKey;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.markauth.issuer.batch.IssuancePipeline;

/** CQL of supply-chain events, aggregation and partners (V004, V007), plus the V002 rows and verify-api's V013 scan summary and log a trace reads. */
public final class TraceStore {

    /** A unit's event as kept in its path. */
    record UnitEvent(Instant eventTime, String eventId, String eventType, String action, String bizStep, String disposition,
                     String readPoint, String bizLocation, String party, String viaParent, boolean declared) {

        UnitEvent(Instant eventTime, String eventId, String eventType, String action, String bizStep, String disposition,
                  String readPoint, String bizLocation, String party, String viaParent) {
            this(eventTime, eventId, eventType, action, bizStep, disposition, readPoint, bizLocation, party, viaParent, false);
        }
    }

    /** A stored event (epcis_events): its body as captured, and its declaration when one was recorded. */
    record Stored(String hash, String type, Instant eventTime, Instant recordTime, String ownerId, String recordedBy,
                  JsonObject body, String senderEventId, Instant declaredAt, String declaredBy, String declaredReason,
                  JsonObject declaration) {

        boolean declared() {
            return declaredAt != null;
        }
    }

    /** A marked item an event was written onto (units_by_event). */
    record EventUnit(UnitRef ref, Instant eventTime) {
    }

    /** Shards of events_by_day and events_by_record_day. */
    static final int DAY_SHARDS = 16;

    static short shard(String hash) {
        return (short) Math.floorMod(hash.hashCode(), DAY_SHARDS);
    }

    record Child(UnitRef ref, String epc, Instant since) {
    }

    record Parent(UnitRef ref, String epc, Instant since) {
    }

    record Scan(Instant at, String verdict, String place, String channel) {
    }

    /** One packing (ADD), unpacking (DELETE) or observation of a container's contents, as aggregation_history keeps it. */
    record Packing(Instant at, String eventId, String action, List<String> childEpcs) {
    }

    /** A packing or unpacking an item took part in as a child; {@code parentEpc} names the container as sent. */
    record Membership(Instant at, String eventId, String action, String parentEpc) {
    }

    private final CqlSession s;
    private final PreparedStatement claimEvent;
    private final PreparedStatement eventBody;
    private final PreparedStatement unitEvent;
    private final PreparedStatement unitEvents;
    private final PreparedStatement ownerDay;
    private final PreparedStatement ownerDayEvents;
    private final PreparedStatement mark;
    private final PreparedStatement children;
    private final PreparedStatement parent;
    private final PreparedStatement addChild;
    private final PreparedStatement removeChild;
    private final PreparedStatement setParent;
    private final PreparedStatement clearParent;
    private final PreparedStatement history;
    private final PreparedStatement packings;
    private final PreparedStatement memberships;
    private final PreparedStatement location;
    private final PreparedStatement scans;
    private final PreparedStatement scanSummary;
    private final PreparedStatement addPartner;
    private final PreparedStatement addPartnerOf;
    private final PreparedStatement partners;
    private final PreparedStatement partner;
    private final PreparedStatement notice;
    private final PreparedStatement withdrawPartner;
    private final PreparedStatement recorded;
    private final PreparedStatement stored;
    private final PreparedStatement eventIdMap;
    private final PreparedStatement eventIdLookup;
    private final PreparedStatement unitsByEvent;
    private final PreparedStatement unitsOfEvent;
    private final PreparedStatement byDay;
    private final PreparedStatement byRecordDay;
    private final PreparedStatement declare;
    private final PreparedStatement declareUnitRow;
    private final PreparedStatement declareHistory;
    private final PreparedStatement unitRow;

    private static final String PARTNER_COLUMNS = "licensee_id, partner_id, role, declared_at, valid_from, valid_until, withdrawn_at, "
            + "withdrawn_by, withdrawn_reason";

    public TraceStore(CqlSession s) {
        this.s = s;
        claimEvent = s.prepare("INSERT INTO epcis_events (event_id, event_type, event_time, record_time, owner_id, recorded_by, body, "
                + "sender_event_id, context, action, biz_step, disposition, read_point, biz_location) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        stored = s.prepare("SELECT event_id, event_type, event_time, record_time, owner_id, recorded_by, body, sender_event_id, "
                + "declared_at, declared_by, declared_reason, declaration FROM epcis_events WHERE event_id = ?");
        eventIdMap = s.prepare("INSERT INTO epcis_event_ids (event_id, owner_id, event_hash) VALUES (?, ?, ?) IF NOT EXISTS");
        eventIdLookup = s.prepare("SELECT event_hash, owner_id FROM epcis_event_ids WHERE event_id = ?");
        unitsByEvent = s.prepare("INSERT INTO units_by_event (event_hash, batch_id, serial, event_time) VALUES (?, ?, ?, ?)");
        unitsOfEvent = s.prepare("SELECT batch_id, serial, event_time FROM units_by_event WHERE event_hash = ?");
        byDay = s.prepare("INSERT INTO events_by_day (day, shard, event_time, event_id, owner_id, event_type) VALUES (?, ?, ?, ?, ?, ?)");
        byRecordDay = s.prepare("INSERT INTO events_by_record_day (day, shard, record_time, event_id, owner_id, event_type) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
        declare = s.prepare("UPDATE epcis_events SET declared_at = ?, declared_by = ?, declared_reason = ?, declaration = ? "
                + "WHERE event_id = ?");
        declareUnitRow = s.prepare("UPDATE events_by_unit SET declared = true WHERE batch_id = ? AND serial = ? AND event_time = ? "
                + "AND event_id = ?");
        declareHistory = s.prepare("UPDATE aggregation_history SET declared = true WHERE parent_batch = ? AND parent_serial = ? "
                + "AND at = ? AND event_id = ?");
        unitRow = s.prepare("SELECT party FROM events_by_unit WHERE batch_id = ? AND serial = ? AND event_time = ? AND event_id = ?");
        eventBody = s.prepare("SELECT body FROM epcis_events WHERE event_id = ?");
        unitEvent = s.prepare("INSERT INTO events_by_unit (batch_id, serial, event_time, event_id, event_type, action, biz_step, "
                + "disposition, read_point, biz_location, party, via_parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        unitEvents = s.prepare("SELECT event_time, event_id, event_type, action, biz_step, disposition, read_point, biz_location, "
                + "party, via_parent, declared FROM events_by_unit WHERE batch_id = ? AND serial = ?");
        ownerDay = s.prepare("INSERT INTO events_by_owner_day (owner_id, day, event_time, event_id) VALUES (?, ?, ?, ?)");
        ownerDayEvents = s.prepare("SELECT event_id FROM events_by_owner_day WHERE owner_id = ? AND day = ?");
        mark = s.prepare("SELECT seq FROM marks WHERE batch_id = ? AND bucket = ? AND serial = ?");
        children = s.prepare("SELECT child_batch, child_serial, child_epc, since FROM aggregation_children "
                + "WHERE parent_batch = ? AND parent_serial = ?");
        parent = s.prepare("SELECT parent_batch, parent_serial, parent_epc, since FROM aggregation_parent "
                + "WHERE child_batch = ? AND child_serial = ?");
        addChild = s.prepare("INSERT INTO aggregation_children (parent_batch, parent_serial, child_batch, child_serial, child_epc, "
                + "since, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
        removeChild = s.prepare("DELETE FROM aggregation_children WHERE parent_batch = ? AND parent_serial = ? "
                + "AND child_batch = ? AND child_serial = ?");
        setParent = s.prepare("INSERT INTO aggregation_parent (child_batch, child_serial, parent_batch, parent_serial, parent_epc, "
                + "since, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
        clearParent = s.prepare("DELETE FROM aggregation_parent WHERE child_batch = ? AND child_serial = ?");
        history = s.prepare("INSERT INTO aggregation_history (parent_batch, parent_serial, at, event_id, action, child_epcs) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
        packings = s.prepare("SELECT at, event_id, action, child_epcs, declared FROM aggregation_history "
                + "WHERE parent_batch = ? AND parent_serial = ? AND at <= ?");
        memberships = s.prepare("SELECT event_time, event_id, event_type, action, via_parent, declared FROM events_by_unit "
                + "WHERE batch_id = ? AND serial = ? AND event_time <= ?");
        location = s.prepare("INSERT INTO batch_locations (batch_id, location, last_at, biz_step) VALUES (?, ?, ?, ?)");
        scanSummary = s.prepare("SELECT first_at, last_at FROM scan_summaries WHERE batch_id = ? AND serial = ?");
        scans = s.prepare("SELECT at, verdict, cell, region, channel FROM scan_log WHERE minute = ? AND shard = ? "
                + "AND batch_id = ? AND serial = ? ALLOW FILTERING");
        addPartner = s.prepare("INSERT INTO licensee_partners (licensee_id, partner_id, role, declared_at, declared_by, valid_from, "
                + "valid_until, withdrawn_at, withdrawn_by, withdrawn_reason) VALUES (?, ?, ?, ?, ?, ?, ?, null, null, null)");
        withdrawPartner = s.prepare("UPDATE licensee_partners SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? "
                + "WHERE licensee_id = ? AND partner_id = ?");
        recorded = s.prepare("SELECT event_id FROM epcis_events WHERE event_id = ?");
        addPartnerOf = s.prepare("INSERT INTO partner_of (partner_id, licensee_id) VALUES (?, ?)");
        partners = s.prepare("SELECT " + PARTNER_COLUMNS + " FROM licensee_partners WHERE licensee_id = ?");
        notice = s.prepare("SELECT recall_notice FROM batches WHERE batch_id = ?");
        partner = s.prepare("SELECT " + PARTNER_COLUMNS + " FROM licensee_partners WHERE licensee_id = ? AND partner_id = ?");
    }

    static ByteBuffer serial(UnitRef u) {
        return MarkKey.serialBytes(u.serial());
    }

    static UnitRef ref(int batch, ByteBuffer serial) {
        return new UnitRef(batch, serial.duplicate().getLong());
    }

    boolean markExists(UnitRef u) {
        return seq(u).isPresent();
    }

    /** The print sequence of a mark, empty when no such mark was issued. */
    Optional<Integer> seq(UnitRef u) {
        return Optional.ofNullable(s.execute(mark.bind(u.batchId(), MarkKey.bucket(u.serial()), serial(u))).one())
                .map(r -> r.getInt(0));
    }

    /**
     * Claims the event hash (epcis_events, V020 columns: the body as stored, the sender's eventID, the
     * document's @context); false when the event was recorded before (a duplicate).
     */
    boolean claim(EpcisEvent e, String owner, String recordedBy, Instant now, String context) {
        return s.execute(claimEvent.bind(e.hash(), e.type().name(), e.eventTime(), now, owner, recordedBy, e.body().encode(),
                e.senderEventId(), context, e.action() == null ? null : e.action().name(), e.bizStep(), e.disposition(),
                e.readPoint(), e.bizLocation())).wasApplied();
    }

    /**
     * The query indexes of a recorded event: epcis_event_ids (its hash, and the sender's eventID when
     * it gave one; a sender id already naming another event keeps its first), events_by_day and
     * events_by_record_day.
     */
    void index(EpcisEvent e, String owner, Instant recordTime) {
        s.execute(eventIdMap.bind(e.hash(), owner, e.hash()));
        if (e.senderEventId() != null && !e.senderEventId().equals(e.hash())) {
            s.execute(eventIdMap.bind(e.senderEventId(), owner, e.hash()));
        }
        short shard = shard(e.hash());
        s.execute(byDay.bind(LocalDate.ofInstant(e.eventTime(), java.time.ZoneOffset.UTC), shard, e.eventTime(), e.hash(), owner,
                e.type().name()));
        s.execute(byRecordDay.bind(LocalDate.ofInstant(recordTime, java.time.ZoneOffset.UTC), shard, recordTime, e.hash(), owner,
                e.type().name()));
    }

    Optional<JsonObject> body(String eventId) {
        return Optional.ofNullable(s.execute(eventBody.bind(eventId)).one()).map(r -> new JsonObject(r.getString(0)));
    }

    /** The stored event with this hash. */
    Optional<Stored> stored(String hash) {
        return Optional.ofNullable(s.execute(stored.bind(hash)).one()).map(TraceStore::stored);
    }

    /** The stored events with these hashes, read concurrently; absent ones are left out. */
    java.util.Map<String, Stored> stored(java.util.Collection<String> hashes) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(hashes));
        java.util.Map<String, Stored> out = new java.util.HashMap<>();
        // in waves of 64 reads: a unit with thousands of events must not flood the driver's connection
        for (int from = 0; from < distinct.size(); from += 64) {
            java.util.Map<String, CompletableFuture<AsyncResultSet>> reads = new java.util.LinkedHashMap<>();
            for (String h : distinct.subList(from, Math.min(distinct.size(), from + 64))) {
                reads.put(h, s.executeAsync(stored.bind(h)).toCompletableFuture());
            }
            reads.forEach((h, f) -> {
                Row r = f.join().one();
                if (r != null) {
                    out.put(h, stored(r));
                }
            });
        }
        return out;
    }

    private static Stored stored(Row r) {
        String decl = r.getString("declaration");
        return new Stored(r.getString("event_id"), r.getString("event_type"), r.getInstant("event_time"), r.getInstant("record_time"),
                r.getString("owner_id"), r.getString("recorded_by"), new JsonObject(r.getString("body")), r.getString("sender_event_id"),
                r.getInstant("declared_at"), r.getString("declared_by"), r.getString("declared_reason"),
                decl == null ? null : new JsonObject(decl));
    }

    /**
     * The hashes an event id (a sender's eventID or a hash) maps to, each with the owner of its event: one
     * per owner, since a sender's eventID is unique only for its sender (V020 epcis_event_ids).
     */
    List<String[]> eventHashes(String eventId) {
        List<String[]> out = new ArrayList<>();
        s.execute(eventIdLookup.bind(eventId)).forEach(r -> out.add(new String[] {r.getString("event_hash"), r.getString("owner_id")}));
        return out;
    }

    void unitEvent(UnitRef u, EpcisEvent e, String party, String viaParent) {
        s.execute(unitEvent.bind(u.batchId(), serial(u), e.eventTime(), e.hash(), e.type().name(),
                e.action() == null ? null : e.action().name(), e.bizStep(), e.disposition(), e.readPoint(), e.bizLocation(), party,
                viaParent));
        s.execute(unitsByEvent.bind(e.hash(), u.batchId(), serial(u), e.eventTime()));
    }

    /** The marked items an event was written onto. */
    List<EventUnit> unitsOf(String hash) {
        List<EventUnit> out = new ArrayList<>();
        for (Row r : s.execute(unitsOfEvent.bind(hash))) {
            out.add(new EventUnit(ref(r.getInt("batch_id"), r.getByteBuffer("serial")), r.getInstant("event_time")));
        }
        return out;
    }

    /** The party that recorded an event onto an item (its events_by_unit row), or null. */
    String party(EventUnit u, String hash) {
        Row r = s.execute(unitRow.bind(u.ref().batchId(), serial(u.ref()), u.eventTime(), hash)).one();
        return r == null ? null : r.getString(0);
    }

    /** Records an errorDeclaration on the declared event's row (V020 declared_* columns). */
    void declare(String hash, Instant at, String by, String reason, JsonObject declaration) {
        s.execute(declare.bind(at, by, reason, declaration.encode(), hash));
    }

    void declareUnitRow(EventUnit u, String hash) {
        s.execute(declareUnitRow.bind(u.ref().batchId(), serial(u.ref()), u.eventTime(), hash));
    }

    void declareHistory(UnitRef parentRef, Instant at, String hash) {
        s.execute(declareHistory.bind(parentRef.batchId(), serial(parentRef), at, hash));
    }

    List<UnitEvent> unitEvents(UnitRef u) {
        List<UnitEvent> out = new ArrayList<>();
        for (Row r : s.execute(unitEvents.bind(u.batchId(), serial(u)))) {
            out.add(new UnitEvent(r.getInstant("event_time"), r.getString("event_id"), r.getString("event_type"),
                    r.getString("action"), r.getString("biz_step"), r.getString("disposition"), r.getString("read_point"),
                    r.getString("biz_location"), r.getString("party"), r.getString("via_parent"),
                    !r.isNull("declared") && r.getBoolean("declared")));
        }
        return out;
    }

    void ownerDay(String owner, LocalDate day, EpcisEvent e) {
        s.execute(ownerDay.bind(owner, day, e.eventTime(), e.hash()));
    }

    List<String> ownerDayEvents(String owner, LocalDate day) {
        List<String> out = new ArrayList<>();
        s.execute(ownerDayEvents.bind(owner, day)).forEach(r -> out.add(r.getString(0)));
        return out;
    }

    List<Child> children(UnitRef parentRef) {
        List<Child> out = new ArrayList<>();
        for (Row r : s.execute(children.bind(parentRef.batchId(), serial(parentRef)))) {
            out.add(new Child(ref(r.getInt("child_batch"), r.getByteBuffer("child_serial")), r.getString("child_epc"),
                    r.getInstant("since")));
        }
        return out;
    }

    Optional<Parent> parent(UnitRef child) {
        return Optional.ofNullable(s.execute(parent.bind(child.batchId(), serial(child))).one())
                .map(r -> new Parent(ref(r.getInt("parent_batch"), r.getByteBuffer("parent_serial")), r.getString("parent_epc"),
                        r.getInstant("since")));
    }

    /**
     * Makes the current-contents tables say that {@code child} is in {@code holder} (null: in
     * nothing), leaving any other container; {@code childEpc} is how the event at hand named it.
     */
    void place(UnitRef child, String childEpc, Containment.Holder holder) {
        Optional<Parent> now = parent(child);
        now.filter(old -> holder == null || !old.ref().equals(holder.ref())).ifPresent(old ->
                s.execute(removeChild.bind(old.ref().batchId(), serial(old.ref()), child.batchId(), serial(child))));
        if (holder == null) {
            if (now.isPresent()) {
                s.execute(clearParent.bind(child.batchId(), serial(child)));
            }
            return;
        }
        UnitRef p = holder.ref();
        s.execute(addChild.bind(p.batchId(), serial(p), child.batchId(), serial(child), childEpc, holder.since(), holder.eventId()));
        s.execute(setParent.bind(child.batchId(), serial(child), p.batchId(), serial(p), holder.epc(), holder.since(),
                holder.eventId()));
    }

    void history(UnitRef parentRef, EpcisEvent e, List<String> childEpcs) {
        s.execute(history.bind(parentRef.batchId(), serial(parentRef), e.eventTime(), e.hash(), e.action().name(), childEpcs));
    }

    /** A container's packings and unpackings with event times up to {@code upTo}, oldest first (declared ones left out). */
    List<Packing> packings(UnitRef parentRef, Instant upTo) {
        List<Packing> out = new ArrayList<>();
        for (Row r : s.execute(packings.bind(parentRef.batchId(), serial(parentRef), upTo))) {
            if (!r.isNull("declared") && r.getBoolean("declared")) {
                continue;
            }
            out.add(new Packing(r.getInstant("at"), r.getString("event_id"), r.getString("action"),
                    r.getList("child_epcs", String.class)));
        }
        return out;
    }

    /** The packings and unpackings an item took part in as a child, with event times up to {@code upTo}, oldest first (not declared ones). */
    List<Membership> memberships(UnitRef child, Instant upTo) {
        List<Membership> out = new ArrayList<>();
        for (Row r : s.execute(memberships.bind(child.batchId(), serial(child), upTo))) {
            if (!(r.isNull("declared") || !r.getBoolean("declared"))) {
                continue;
            }
            if ("AggregationEvent".equals(r.getString("event_type")) && r.getString("via_parent") != null) {
                out.add(new Membership(r.getInstant("event_time"), r.getString("event_id"), r.getString("action"),
                        r.getString("via_parent")));
            }
        }
        return out;
    }

    void location(int batchId, String loc, Instant at, String bizStep) {
        s.execute(location.bind(batchId, loc, at, bizStep));
    }

    /**
     * The unit's scans in the minutes of its first and its latest summarised scan (verify-api's
     * {@code scan_summaries} names them; the scans come from {@code scan_log}, every shard of each
     * minute filtered to the unit), newest first, at most {@code limit}. A unit never scanned: none.
     */
    List<Scan> scans(UnitRef u, int limit) {
        Row sum = s.execute(scanSummary.bind(u.batchId(), serial(u))).one();
        if (sum == null) {
            return List.of();
        }
        Set<Instant> minutes = new LinkedHashSet<>();
        if (sum.getInstant("first_at") != null) {
            minutes.add(ScanLogKey.minute(sum.getInstant("first_at")));
        }
        if (sum.getUuid("last_at") != null) {
            minutes.add(ScanLogKey.minute(Instant.ofEpochMilli(Uuids.unixTimestamp(sum.getUuid("last_at")))));
        }
        List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
        for (Instant m : minutes) {
            for (short shard = 0; shard < ScanLogKey.SHARDS; shard++) {
                reads.add(s.executeAsync(scans.bind(m, shard, u.batchId(), serial(u))).toCompletableFuture());
            }
        }
        List<Scan> out = new ArrayList<>();
        for (CompletableFuture<AsyncResultSet> f : reads) {
            for (Row r : f.join().currentPage()) {
                String place = r.getString("cell") != null ? r.getString("cell") : r.getString("region");
                out.add(new Scan(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))),
                        r.getString("verdict"), place, r.getString("channel")));
            }
        }
        out.sort(Comparator.comparing(Scan::at).reversed());
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    void declarePartner(Partners.Partner x, String by) {
        s.execute(addPartner.bind(x.licenseeId(), x.partnerId(), x.role(), x.declaredAt(), by, x.validFrom(), x.validUntil()));
        s.execute(addPartnerOf.bind(x.partnerId(), x.licenseeId()));
    }

    void withdrawPartner(String owner, String partnerId, Instant at, String by, String reason) {
        s.execute(withdrawPartner.bind(at, by, reason, owner, partnerId));
    }

    List<Partners.Partner> partners(String owner) {
        List<Partners.Partner> out = new ArrayList<>();
        s.execute(partners.bind(owner)).forEach(r -> out.add(partner(r)));
        return out;
    }

    Optional<Partners.Partner> partner(String owner, String partnerId) {
        return Optional.ofNullable(s.execute(partner.bind(owner, partnerId)).one()).map(TraceStore::partner);
    }

    private static Partners.Partner partner(Row r) {
        return new Partners.Partner(r.getString("licensee_id"), r.getString("partner_id"), r.getString("role"),
                r.getInstant("declared_at"), r.getInstant("valid_from"), r.getInstant("valid_until"), r.getInstant("withdrawn_at"),
                r.getString("withdrawn_by"), r.getString("withdrawn_reason"));
    }

    /** Whether an event with this id was recorded before (a resent event: nothing will be applied). */
    boolean recorded(String eventId) {
        return s.execute(recorded.bind(eventId)).one() != null;
    }

    String recallNotice(int batchId) {
        Row r = s.execute(notice.bind(batchId)).one();
        return r == null ? null : r.getString(0);
    }
}
