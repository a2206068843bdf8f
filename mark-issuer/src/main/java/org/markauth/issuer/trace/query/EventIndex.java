package org.markauth.issuer.trace.query;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import org.markauth.issuer.trace.UnitRef;
import org.markauth.registry.MarkKey;

/**
 * Reads the captured events for queries, over the V020 storage contract (ops/.../V020__epcis_full.cql):
 * a licensee's events per UTC day of eventTime ({@code events_by_owner_day}), everyone's per day of
 * eventTime and of recordTime in 16 shards ({@code events_by_day}, {@code events_by_record_day}), a
 * unit's path ({@code events_by_unit}), sender ids ({@code epcis_event_ids}) and the events
 * themselves ({@code epcis_events}). Each day is read lazily in pages of {@link #FETCH} rows, the
 * shards of a day merged in order, so a query reads only as far as its page needs. Blocking: call on
 * worker threads.
 */
public final class EventIndex {

    static final int SHARDS = 16;
    static final int FETCH = 200;

    /** One index entry: where an event sits in the scan order (time, then id) and what the index row knows of it. */
    public record Entry(Instant time, String eventId, String owner, String eventType) {
    }

    static final Comparator<Entry> ASC = Comparator.comparing(Entry::time).thenComparing(Entry::eventId);

    private final CqlSession s;
    private final PreparedStatement ownerDayAsc;
    private final PreparedStatement ownerDayDesc;
    private final PreparedStatement dayAsc;
    private final PreparedStatement dayDesc;
    private final PreparedStatement recordDayAsc;
    private final PreparedStatement recordDayDesc;
    private final PreparedStatement unit;
    private final PreparedStatement event;
    private final PreparedStatement senderId;

    public EventIndex(CqlSession s) {
        this.s = s;
        String owner = "SELECT event_time, event_id FROM events_by_owner_day WHERE owner_id = ? AND day = ? AND event_time >= ? "
                + "AND event_time < ? ORDER BY event_time ";
        ownerDayAsc = s.prepare(owner + "ASC");
        ownerDayDesc = s.prepare(owner + "DESC");
        String day = "SELECT event_time, event_id, owner_id, event_type FROM events_by_day WHERE day = ? AND shard = ? "
                + "AND event_time >= ? AND event_time < ? ORDER BY event_time ";
        dayAsc = s.prepare(day + "ASC");
        dayDesc = s.prepare(day + "DESC");
        String rec = "SELECT record_time, event_id, owner_id, event_type FROM events_by_record_day WHERE day = ? AND shard = ? "
                + "AND record_time >= ? AND record_time < ? ORDER BY record_time ";
        recordDayAsc = s.prepare(rec + "ASC");
        recordDayDesc = s.prepare(rec + "DESC");
        unit = s.prepare("SELECT event_time, event_id, event_type FROM events_by_unit WHERE batch_id = ? AND serial = ? LIMIT ?");
        event = s.prepare("SELECT event_id, event_type, event_time, record_time, owner_id, body, context, declared_at, declared_reason, "
                + "declaration FROM epcis_events WHERE event_id = ?");
        senderId = s.prepare("SELECT event_hash FROM epcis_event_ids WHERE event_id = ?");
    }

    /**
     * The entries of one UTC day in [from, to), in order: one licensee's ({@code owner} given, eventTime
     * only) or every licensee's from the 16 shards.
     */
    Iterator<Entry> day(LocalDate day, String owner, boolean byRecordTime, Instant from, Instant to, boolean desc) {
        if (owner != null && !byRecordTime) {
            Iterator<Row> rows = s.execute((desc ? ownerDayDesc : ownerDayAsc).bind(owner, day, from, to).setPageSize(FETCH)).iterator();
            return map(rows, r -> new Entry(r.getInstant(0), r.getString(1), owner, null));
        }
        PreparedStatement ps = byRecordTime ? (desc ? recordDayDesc : recordDayAsc) : (desc ? dayDesc : dayAsc);
        List<Iterator<Entry>> shards = new ArrayList<>(SHARDS);
        for (short shard = 0; shard < SHARDS; shard++) {
            Iterator<Row> rows = s.execute(ps.bind(day, shard, from, to).setPageSize(FETCH)).iterator();
            shards.add(map(rows, r -> new Entry(r.getInstant(0), r.getString(1), r.getString(2), r.getString(3))));
        }
        return merge(shards, desc ? ASC.reversed() : ASC);
    }

    /** A unit's path (at most {@code limit} entries), oldest first: the events written onto it, its own and its containers'. */
    List<Entry> unit(UnitRef u, int limit) {
        List<Entry> out = new ArrayList<>();
        for (Row r : s.execute(unit.bind(u.batchId(), MarkKey.serialBytes(u.serial()), limit))) {
            out.add(new Entry(r.getInstant(0), r.getString(1), null, r.getString(2)));
        }
        return out;
    }

    /** Reads in flight at once per request: a unit with thousands of events must not flood the driver's connection. */
    static final int WAVE = 64;

    /** The stored events of these hashes (missing ones left out), read in parallel waves of {@link #WAVE}, in the given order. */
    List<EventFilter.Stored> events(List<String> hashes) {
        List<EventFilter.Stored> out = new ArrayList<>(hashes.size());
        for (int from = 0; from < hashes.size(); from += WAVE) {
            List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>(WAVE);
            for (String h : hashes.subList(from, Math.min(hashes.size(), from + WAVE))) {
                reads.add(s.executeAsync(event.bind(h)).toCompletableFuture());
            }
            for (CompletableFuture<AsyncResultSet> f : reads) {
                Row r = f.join().one();
                if (r != null) {
                    out.add(stored(r));
                }
            }
        }
        return out;
    }

    Optional<EventFilter.Stored> event(String hash) {
        return events(List.of(hash)).stream().findFirst();
    }

    /**
     * The hashes an eventID names: a sender's id through epcis_event_ids (one per owner that used it; the
     * caller's ownership filter then keeps its own), else the id itself (a hash).
     */
    List<String> hashesOf(String eventId) {
        List<String> out = new ArrayList<>();
        s.execute(senderId.bind(eventId)).forEach(r -> {
            if (r.getString(0) != null) {
                out.add(r.getString(0));
            }
        });
        return out.isEmpty() ? List.of(eventId) : out;
    }

    /** A stored event as read (a body that does not parse reads as an empty object: it then matches no filter on its fields). */
    static EventFilter.Stored stored(Row r) {
        JsonObject body;
        try {
            body = new JsonObject(r.getString("body"));
        } catch (DecodeException | NullPointerException e) {
            body = new JsonObject();
        }
        JsonObject declaration = null;
        String d = r.getString("declaration");
        if (d != null) {
            try {
                declaration = new JsonObject(d);
            } catch (DecodeException e) {
                declaration = null;
            }
        }
        return new EventFilter.Stored(r.getString("event_id"), r.getString("event_type"), r.getInstant("event_time"),
                r.getInstant("record_time"), r.getString("owner_id"), body, r.getInstant("declared_at"), r.getString("declared_reason"),
                declaration, r.getString("context"));
    }

    private interface RowMap {
        Entry apply(Row r);
    }

    private static Iterator<Entry> map(Iterator<Row> rows, RowMap f) {
        return new Iterator<>() {
            public boolean hasNext() {
                return rows.hasNext();
            }

            public Entry next() {
                return f.apply(rows.next());
            }
        };
    }

    /** A k-way merge of ordered iterators. */
    static Iterator<Entry> merge(List<Iterator<Entry>> its, Comparator<Entry> order) {
        record Head(Entry e, Iterator<Entry> it) {
        }
        PriorityQueue<Head> q = new PriorityQueue<>(Math.max(1, its.size()), Comparator.comparing(Head::e, order));
        for (Iterator<Entry> it : its) {
            if (it.hasNext()) {
                q.add(new Head(it.next(), it));
            }
        }
        return new Iterator<>() {
            public boolean hasNext() {
                return !q.isEmpty();
            }

            public Entry next() {
                Head h = q.poll();
                if (h == null) {
                    throw new NoSuchElementException();
                }
                if (h.it().hasNext()) {
                    q.add(new Head(h.it().next(), h.it()));
                }
                return h.e();
            }
        };
    }
}
