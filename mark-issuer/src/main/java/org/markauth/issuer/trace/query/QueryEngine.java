package org.markauth.issuer.trace.query;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.http.Errors;
import org.markauth.issuer.trace.EpcisException;
import org.markauth.issuer.trace.Epcs;
import org.markauth.issuer.trace.UnitRef;

/**
 * Runs {@link EpcisQuery}s for a caller, page by page (EPCIS 2.0 section 8.2.7.1; paging per GS1's
 * REST binding: {@code perPage}, {@code nextPageToken}).
 *
 * <p><b>Bounded reads.</b> Events are found through the per-day indexes of V020, so every query has a
 * time window: the time it orders by (eventTime unless it orders or is bounded by recordTime only)
 * defaults to the last {@link #DEFAULT_WINDOW} up to a day ahead (capture accepts 5 minutes of clock
 * skew), and may span at most {@link #MAX_SPAN_DAYS} days (400 naming the limit). One request reads
 * at most {@link #DAYS_PER_REQUEST} days and {@link #CANDIDATES_PER_REQUEST} index entries; when it
 * stops there it answers what it found with a {@code nextPageToken} that continues from where it
 * stopped, so a sparse result over a long window comes over several (possibly short or empty) pages,
 * never by one unbounded read. {@code EQ_eventID} reads the named events directly and a unit's events
 * ({@code /epcs/{epc}/events}) come from its path partition; neither needs a window.
 *
 * <p><b>Order and tokens.</b> Results are ordered by (time, event hash), ascending unless
 * {@code orderBy} is given, whose direction defaults to DESC as the standard says. A page token is
 * the position of the last entry read plus a digest of the query, so it is refused with other
 * parameters; it does not expire and, because positions are totally ordered, pages neither lose nor
 * repeat events that were there when the first page was read.
 *
 * <p><b>Access.</b> A MANUFACTURER reads the events its licensee owns ({@code owner_id}); the REGULATOR
 * and OFFICERs read every licensee's (the legacy {@code licensee=} narrows theirs).
 */
public final class QueryEngine {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    static final Duration AHEAD = Duration.ofDays(1);
    static final int MAX_SPAN_DAYS = 366;
    static final int DAYS_PER_REQUEST = 40;   // the default window (30 days back, 1 ahead) touches 32 UTC days: one request reads it whole
    static final int CANDIDATES_PER_REQUEST = 5000;
    public static final int DEFAULT_PER_PAGE = 30;
    public static final int MAX_PER_PAGE = 1000;
    static final int UNIT_EVENTS = 10_000;
    private static final int BATCH = 32;

    /** One page: its events in order and the token of the next page, or null on the last. */
    public record Page(List<EventFilter.Stored> events, String nextPageToken) {
    }

    private final EventIndex index;
    private final Epcs epcs;
    private final Clock clock;

    public QueryEngine(EventIndex index, Epcs epcs, Clock clock) {
        this.index = index;
        this.epcs = epcs;
        this.clock = clock;
    }

    /** The programme mark an EPC names, or empty: never throws (a filter compares, it does not judge). */
    Optional<UnitRef> mark(String epc) {
        try {
            return Optional.of(epcs.parse(epc));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses an EPC for {@code /epcs/{epc}/events}: a programme mark, or empty for any other EPC (then matched as sent). */
    public Optional<UnitRef> unitOf(String epc) {
        if (epc == null || epc.isBlank() || epc.length() > 512) {
            throw new EpcisException("MALFORMED_EPC", "an EPC must be 1-512 characters");
        }
        return mark(epc);
    }

    /** The licensee whose events {@code p} may read, or null for all (REGULATOR, OFFICER). */
    static String owner(Principal p, EpcisQuery q) {
        return switch (p.role()) {
            case MANUFACTURER -> p.licenseeId().orElseThrow(() -> new IssuerException.Forbidden("this manufacturer key names no licensee"));
            case REGULATOR, OFFICER -> q.licensee();
        };
    }

    /**
     * One page of {@code q} for {@code p}. {@code unit}: only that unit's path ({@code /epcs/{epc}/events}),
     * else the day indexes (or the named events of EQ_eventID).
     */
    public Page run(Principal p, EpcisQuery q, UnitRef unit, Integer perPage, String token) {
        if (p.role() != Role.MANUFACTURER && p.role() != Role.REGULATOR && p.role() != Role.OFFICER) {
            throw new IssuerException.Forbidden("role " + p.role() + " may not query supply-chain events");
        }
        String owner = owner(p, q);
        int size = perPage == null ? DEFAULT_PER_PAGE : perPage;
        if (size < 1 || size > MAX_PER_PAGE) {
            throw EpcisQuery.bad("perPage", "must be 1 to " + MAX_PER_PAGE + ", got " + size);
        }
        Token t = Token.decode(token, q.digest());
        Integer remaining = t != null ? t.remaining() : q.eventCountLimit();
        if (q.maxEventCount() != null) {
            if (t != null) {
                throw EpcisQuery.bad("nextPageToken", "cannot page a query with maxEventCount: its result comes whole");
            }
            size = q.maxEventCount() + 1;
        } else if (remaining != null) {
            size = Math.max(1, Math.min(size, remaining));
        }
        boolean byRecord = q.byRecordTime();
        boolean desc = q.descending();
        Comparator<EventFilter.Stored> order = Comparator.comparing((EventFilter.Stored e) -> byRecord ? e.recordTime() : e.eventTime(),
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(EventFilter.Stored::hash);
        if (desc) {
            order = order.reversed();
        }
        EventFilter filter = new EventFilter(q, this::mark);
        Scan scan;
        if (unit != null || !q.eventIds().isEmpty()) {
            scan = direct(q, unit, owner, filter, order, byRecord, t, size);
        } else {
            scan = days(q, owner, filter, byRecord, desc, t, size);
        }
        if (q.maxEventCount() != null) {
            if (scan.events().size() > q.maxEventCount() || scan.next() != null) {
                throw new Errors.HttpFailure(413, "QUERY_TOO_LARGE", "the query matches more than maxEventCount=" + q.maxEventCount()
                        + " events" + (scan.events().size() > q.maxEventCount() ? "" : " or reaches past what one request reads ("
                        + DAYS_PER_REQUEST + " days, " + CANDIDATES_PER_REQUEST + " index entries)")
                        + " (EPCIS QueryTooLargeException); narrow it, or page it with perPage instead");
            }
            return new Page(scan.events(), null);
        }
        String next = null;
        if (scan.next() != null) {
            Integer left = remaining == null ? null : remaining - scan.events().size();
            if (left == null || left > 0) {
                next = new Token(scan.next().time(), scan.next().eventId(), left, q.digest()).encode();
            }
        }
        return new Page(scan.events(), next);
    }

    private record Scan(List<EventFilter.Stored> events, EventIndex.Entry next) {
    }

    /** EQ_eventID or a unit's path: every candidate read, filtered, sorted; the page cut after the token's position. */
    private Scan direct(EpcisQuery q, UnitRef unit, String owner, EventFilter filter, Comparator<EventFilter.Stored> order,
                        boolean byRecord, Token t, int size) {
        List<String> hashes = new ArrayList<>();
        if (unit != null) {
            index.unit(unit, UNIT_EVENTS).forEach(e -> hashes.add(e.eventId()));
        } else {
            q.eventIds().forEach(id -> hashes.addAll(index.hashesOf(id)));
        }
        List<EventFilter.Stored> all = new ArrayList<>();
        for (EventFilter.Stored e : index.events(hashes.stream().distinct().toList())) {
            if ((owner == null || owner.equals(e.owner())) && filter.matches(e)) {
                all.add(e);
            }
        }
        all.sort(order);
        List<EventFilter.Stored> page = new ArrayList<>();
        for (EventFilter.Stored e : all) {
            Instant time = byRecord ? e.recordTime() : e.eventTime();
            if (t != null && !after(time, e.hash(), t, q.descending())) {
                continue;
            }
            if (page.size() == size) {
                EventFilter.Stored last = page.get(page.size() - 1);
                return new Scan(page, new EventIndex.Entry(byRecord ? last.recordTime() : last.eventTime(), last.hash(), null, null));
            }
            page.add(e);
        }
        return new Scan(page, null);
    }

    /** Whether (time, id) comes after the token's position in the scan direction. */
    private static boolean after(Instant time, String id, Token t, boolean desc) {
        Instant tt = time == null ? Instant.EPOCH : time;
        int c = tt.compareTo(t.time());
        if (c == 0) {
            c = id.compareTo(t.id());
        }
        return desc ? c < 0 : c > 0;
    }

    /** The day indexes, day by day from the token's position, within the window and this request's budget. */
    private Scan days(EpcisQuery q, String owner, EventFilter filter, boolean byRecord, boolean desc, Token t, int size) {
        Instant now = clock.instant();
        Instant ge = byRecord ? q.geRecordTime() : q.geEventTime();
        Instant lt = byRecord ? q.ltRecordTime() : q.ltEventTime();
        String geName = byRecord ? "GE_recordTime" : "GE_eventTime";
        if (ge == null) {
            ge = (lt != null && lt.isBefore(now) ? lt : now).minus(DEFAULT_WINDOW);
        }
        if (lt == null) {
            lt = now.plus(AHEAD);
            if (!ge.isBefore(lt)) {
                throw EpcisQuery.bad(geName, "is after the latest time this repository holds (" + lt + ")");
            }
        }
        long span = Duration.between(ge, lt).toDays();
        if (span > MAX_SPAN_DAYS) {
            throw new EpcisException("QUERY_WINDOW_TOO_LONG", "the query spans " + span + " days of " + (byRecord ? "recordTime" : "eventTime")
                    + " (" + ge + " .. " + lt + "); at most " + MAX_SPAN_DAYS + " days per query: give " + geName + " and "
                    + (byRecord ? "LT_recordTime" : "LT_eventTime") + " closer together and query the rest separately");
        }
        Instant from = ge;
        Instant to = lt;
        if (t != null) {
            if (desc) {
                to = t.time().plusMillis(1).isBefore(to) ? t.time().plusMillis(1) : to;
            } else {
                from = t.time().isAfter(from) ? t.time() : from;
            }
        }
        if (!from.isBefore(to)) {
            return new Scan(List.of(), null);
        }
        LocalDate first = day(desc ? to.minusMillis(1) : from);
        LocalDate last = day(desc ? from : to.minusMillis(1));
        List<EventFilter.Stored> page = new ArrayList<>();
        int examined = 0;
        int daysRead = 0;
        EventIndex.Entry lastSeen = null;
        for (LocalDate d = first; desc ? !d.isBefore(last) : !d.isAfter(last); d = desc ? d.minusDays(1) : d.plusDays(1)) {
            if (daysRead == DAYS_PER_REQUEST || examined >= CANDIDATES_PER_REQUEST) {
                // the budget ends here: the next page starts at this day (or after the last entry read)
                Instant boundary = desc ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC) : d.atStartOfDay().toInstant(ZoneOffset.UTC);
                return new Scan(page, examined >= CANDIDATES_PER_REQUEST && lastSeen != null ? lastSeen
                        : new EventIndex.Entry(boundary, "", null, null));
            }
            daysRead++;
            Instant dayStart = d.atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant dayEnd = d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            Iterator<EventIndex.Entry> it = index.day(d, owner, byRecord, from.isAfter(dayStart) ? from : dayStart,
                    to.isBefore(dayEnd) ? to : dayEnd, desc);
            List<EventIndex.Entry> batch = new ArrayList<>(BATCH);
            while (true) {
                boolean more = it.hasNext();
                if (more) {
                    EventIndex.Entry e = it.next();
                    if (t != null && !after(e.time(), e.eventId(), t, desc)) {
                        continue;
                    }
                    examined++;
                    if ((owner == null || e.owner() == null || owner.equals(e.owner()))
                            && (q.eventTypes().isEmpty() || e.eventType() == null || q.eventTypes().contains(e.eventType()))) {
                        batch.add(e);
                    } else {
                        // another licensee's or type: not read; a position already covered when nothing is pending
                        // (else the pending batch's last entry covers what precedes it, and the rest is re-read next page)
                        if (batch.isEmpty()) {
                            lastSeen = e;
                        }
                        continue;
                    }
                }
                if (batch.size() == BATCH || (!more && !batch.isEmpty())) {
                    Map<String, EventFilter.Stored> rows = new HashMap<>();
                    index.events(batch.stream().map(EventIndex.Entry::eventId).toList()).forEach(r -> rows.put(r.hash(), r));
                    for (EventIndex.Entry x : batch) {
                        EventFilter.Stored r = rows.get(x.eventId());
                        if (r != null && (owner == null || owner.equals(r.owner())) && filter.matches(r)) {
                            page.add(r);
                            if (page.size() == size) {
                                return new Scan(page, x);
                            }
                        }
                        lastSeen = x;
                    }
                    batch.clear();
                    if (examined >= CANDIDATES_PER_REQUEST) {
                        break;
                    }
                }
                if (!more) {
                    break;
                }
            }
            if (examined >= CANDIDATES_PER_REQUEST && it.hasNext()) {
                return new Scan(page, lastSeen);
            }
        }
        return new Scan(page, null);
    }

    private static LocalDate day(Instant i) {
        return LocalDate.ofInstant(i, ZoneOffset.UTC);
    }

    /**
     * A page token: the position of the last entry read (time, event hash), what is left of
     * eventCountLimit, and the query's digest; base64url of a small JSON object. Not a secret:
     * every page re-applies the caller's access rule.
     */
    record Token(Instant time, String id, Integer remaining, String digest) {

        String encode() {
            JsonObject j = new JsonObject().put("t", time.toEpochMilli()).put("i", id).put("q", digest);
            if (remaining != null) {
                j.put("r", remaining);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(j.encode().getBytes(StandardCharsets.UTF_8));
        }

        static Token decode(String s, String digest) {
            if (s == null) {
                return null;
            }
            try {
                JsonObject j = new JsonObject(new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8));
                Token t = new Token(Instant.ofEpochMilli(j.getLong("t")), j.getString("i"), j.getInteger("r"), j.getString("q"));
                // a token is plain base64 JSON: a forged one must not widen a page (remaining below 1 would
                // make the page unbounded), so every field is checked as if the caller wrote it
                if (t.id() == null || t.digest() == null || (t.remaining() != null && t.remaining() < 1)) {
                    throw new IllegalArgumentException();
                }
                if (!t.digest().equals(digest)) {
                    throw EpcisQuery.bad("nextPageToken", "belongs to a query with other parameters; send the same parameters as the "
                            + "first page, or drop the token to start again");
                }
                return t;
            } catch (IllegalArgumentException | DecodeException | ClassCastException | NullPointerException e) {
                if (e instanceof EpcisException x) {
                    throw x;
                }
                throw EpcisQuery.bad("nextPageToken", "is not a token this repository gave; use the Link rel=\"next\" of the previous page");
            }
        }
    }
}
