package org.markauth.issuer.station;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.markauth.access.Caller;
import org.markauth.access.Principal;
import org.markauth.access.Scope;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.activation.Activation;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.issuer.serial.SerialPermutation;
import org.markauth.issuer.trace.Capture;
import org.markauth.issuer.trace.EpcisDocuments;
import org.markauth.issuer.trace.Gs1Marks;
import org.markauth.issuer.trace.UnitRef;
import org.markauth.registry.BatchState;
import org.markauth.registry.UnitStatus;
import org.markauth.sdk.mark.MarkCodec;
import org.markauth.sdk.mark.ParseResult;
import org.markauth.sdk.mark.Serial;

/**
 * The line station's engine (docs/api-issuer.md, "Station"): what a scan or a pack does, for the
 * web page at {@code /station/} and {@code issuer station} alike.
 *
 * <p>Every scan and pack carries an id its station made; the id is claimed per line with
 * {@code INSERT ... IF NOT EXISTS} before anything is applied and its outcome written after, so a
 * station that replays its queue after a network loss gets the stored outcome ({@code replayed})
 * and nothing happens twice. A claim whose outcome was never written (the issuer stopped half-way)
 * is judged again: activation, voiding and capture are themselves idempotent on the unit.
 *
 * <p>Speed: a scan is one authentication read, one LWT claim (in flight while the code and the
 * unit's state are read: two reads), the change itself and its answer's write; the line, its batches and products are kept in memory for {@link #LINE_TTL} (a
 * line changed through the API is seen by the stations within that time), a key's line for good
 * (the binding never changes; revocation is checked by authentication on every request).
 *
 * <p>Codes: a mark's URL (or its bare code, or {@code urn:markauth:mark:<batch>:<serial hex>}) is
 * a unit of the line's licensee when its batch exists, is the licensee's and its serial inverts to
 * that batch under the issuer's serial key (which a forger does not hold); the signature is not
 * checked here, as in the trace capture.
 */
public final class Station {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Station.class);

    public static final int MAX_SCANS = 500;
    static final Duration LINE_TTL = Duration.ofSeconds(5);
    /** How long a scan whose id another request has claimed waits for that request's outcome (50 ms polls). */
    static final int SETTLE_POLLS = 60;

    public enum Mode { ACTIVATE, CHECK, REJECT }

    public enum Outcome { OK, ALREADY_ACTIVE, ALREADY_VOIDED, NOT_ACTIVE, ALREADY_PACKED, WRONG_BATCH, WRONG_PRODUCT, NOT_OURS, UNREADABLE, REFUSED }

    public enum Level { CASE, PALLET }

    public enum PackOutcome { OK, PARENT_UNREADABLE, PARENT_NOT_OURS, PARENT_USED, PARENT_VOIDED, CHILD_REFUSED, TOO_MANY, REFUSED }

    /** One scan as the station sent it; {@code reason} for REJECT only, {@code at} null for "now". */
    public record Scan(UUID id, Mode mode, String code, String reason, Instant at) {
        public Scan {
            if (id == null || mode == null || code == null) {
                throw new IllegalArgumentException("a scan needs id, mode and code");
            }
            if (mode == Mode.REJECT && (reason == null || reason.isBlank() || reason.length() > 200)) {
                throw new IllegalArgumentException("a REJECT scan needs a reason of 1-200 characters (e.g. \"smudged print\")");
            }
        }
    }

    /** The unit a scan named: {@code shortSerial} is the label's short form (last 6 base32 characters). */
    public record Unit(int batchId, String serial, String shortSerial, String state) {
    }

    /** What a scan did; {@code detail} fills the outcome's sentence (a batch id, a reason, the issuer's refusal). */
    public record ScanResult(UUID id, Mode mode, Outcome outcome, String detail, Unit unit, boolean replayed) {
    }

    public record Pack(UUID id, Level level, String parent, List<String> children, Instant at) {
        public Pack {
            if (id == null || level == null || parent == null || children == null || children.isEmpty()) {
                throw new IllegalArgumentException("a pack needs id, level, parent and at least one child");
            }
            children = List.copyOf(children);
        }
    }

    public record PackResult(UUID id, Level level, PackOutcome outcome, String parentShort, String detail, String eventId, boolean replayed) {
    }

    public record BatchInfo(int batchId, int productId, String productName, String lot, int quantity, String unitKind) {
    }

    public record Session(Line line, List<BatchInfo> batches, Map<String, Map<String, Long>> counts) {
    }

    /** The line as the station sees it, reloaded every {@link #LINE_TTL}. */
    private record LineView(Line line, Map<Integer, Batch> batches, Map<Integer, Product> products, Instant loaded,
                            Map<Integer, Optional<Batch>> others) {
    }

    /** A scanned code judged against the line: a unit (outcome null) or the outcome that stops here. */
    private record Judged(Outcome outcome, String detail, UnitRef ref, Batch batch, int seq) {
        Unit unit(String state) {
            return ref == null ? null : new Unit(ref.batchId(), ref.serialHex(), shortSerial(ref.serial()), state);
        }
    }

    private final CqlSession session;
    private final Lines lines;
    private final BatchStore batchStore;
    private final Registry registry;
    private final Activation activation;
    private final Capture capture;
    private final SerialPermutation serials;
    private final MarkCodec codec;
    private final Clock clock;
    private final Gs1Marks gs1;
    private final Map<String, String> keyLines = new ConcurrentHashMap<>();
    private final Map<String, LineView> views = new ConcurrentHashMap<>();
    private final PreparedStatement claimScan;
    private final PreparedStatement answerScan;
    private final PreparedStatement answerScanOnce;
    private final PreparedStatement readScan;
    private final PreparedStatement claimPack;
    private final PreparedStatement answerPack;
    private final PreparedStatement claimPacking;
    private final PreparedStatement releasePacking;
    private final PreparedStatement selectPacking;
    private final PreparedStatement selectParent;
    private final PreparedStatement count;
    private final PreparedStatement counts;

    public Station(CqlSession session, Lines lines, BatchStore batchStore, Registry registry, Activation activation, Capture capture,
                   SerialPermutation serials, MarkCodec codec, Clock clock, Gs1Marks gs1) {
        this.session = session;
        this.gs1 = gs1;
        this.lines = lines;
        this.batchStore = batchStore;
        this.registry = registry;
        this.activation = activation;
        this.capture = capture;
        this.serials = serials;
        this.codec = codec;
        this.clock = clock;
        claimScan = session.prepare("INSERT INTO station_scans (line_id, scan_id, mode, code, reason, at) VALUES (?, ?, ?, ?, ?, ?) "
                + "IF NOT EXISTS");
        answerScan = session.prepare("UPDATE station_scans SET outcome = ?, detail = ?, batch_id = ?, serial = ?, state = ?, "
                + "recorded_at = ? WHERE line_id = ? AND scan_id = ?");
        answerScanOnce = session.prepare("UPDATE station_scans SET outcome = ?, detail = ?, batch_id = ?, serial = ?, state = ?, "
                + "recorded_at = ? WHERE line_id = ? AND scan_id = ? IF outcome = null");
        readScan = session.prepare("SELECT mode, outcome, detail, batch_id, serial, state FROM station_scans WHERE line_id = ? AND scan_id = ?");
        claimPack = session.prepare("INSERT INTO station_packs (line_id, pack_id, level, parent, children, at) VALUES (?, ?, ?, ?, ?, ?) "
                + "IF NOT EXISTS");
        answerPack = session.prepare("UPDATE station_packs SET outcome = ?, detail = ?, event_id = ?, recorded_at = ? "
                + "WHERE line_id = ? AND pack_id = ?");
        claimPacking = session.prepare("INSERT INTO station_packing (licensee_id, epc, role, level, container, pack_id, line_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        releasePacking = session.prepare("DELETE FROM station_packing WHERE licensee_id = ? AND epc = ? AND role = ? IF pack_id = ?");
        selectPacking = session.prepare("SELECT level, container, pack_id FROM station_packing WHERE licensee_id = ? AND epc = ? AND role = ?");
        selectParent = session.prepare("SELECT parent_serial FROM aggregation_parent WHERE child_batch = ? AND child_serial = ?");
        count = session.prepare("UPDATE station_counts SET n = n + 1 WHERE line_id = ? AND name = ?");
        counts = session.prepare("SELECT name, n FROM station_counts WHERE line_id = ?");
    }

    // ------------------------------------------------------------------ session

    /** The caller's line, its batches and the line's counters. */
    public Session session(Caller c) {
        LineView v = view(c);
        List<BatchInfo> infos = new ArrayList<>();
        for (int id : v.line().batchIds()) {
            Batch b = v.batches().get(id);
            Product pr = b == null ? null : v.products().get(b.productId());
            if (b != null) {
                infos.add(new BatchInfo(id, b.productId(), pr == null ? null : pr.name(), b.lot(), b.quantity(), "UNIT"));
            }
        }
        Map<String, Map<String, Long>> n = new LinkedHashMap<>();
        for (Row r : session.execute(counts.bind(v.line().lineId()))) {
            String[] k = r.getString("name").split(":", 2);
            n.computeIfAbsent(k[0], x -> new LinkedHashMap<>()).put(k[1], r.getLong("n"));
        }
        return new Session(v.line(), infos, n);
    }

    // ------------------------------------------------------------------ scans

    /** Applies the scans in order (a unit scanned twice in one call: the second sees the first). */
    public List<ScanResult> scans(Caller c, List<Scan> scans) {
        if (scans.isEmpty() || scans.size() > MAX_SCANS) {
            throw new IllegalArgumentException("scans must hold 1-" + MAX_SCANS + " scans, got " + scans.size());
        }
        LineView v = view(c);
        List<ScanResult> out = new ArrayList<>(scans.size());
        for (Scan s : scans) {
            out.add(scan(c.principal(), v, s));
        }
        return out;
    }

    private ScanResult scan(Principal p, LineView v, Scan s) {
        String lineId = v.line().lineId();
        Instant at = s.at() == null ? clock.instant() : s.at();
        // the claim (an LWT, the slowest step) is in flight while the code and the unit's state are read
        CompletableFuture<Row> claimed = session.executeAsync(claimScan.bind(lineId, s.id(), s.mode().name(), clip(s.code(), 1024),
                s.reason(), at)).toCompletableFuture().thenApply(rs -> rs.one());
        Judged j = judgeUnit(v, s.code());
        UnitStatus st = j.outcome() == null ? status(j) : null;
        Row claim = claimed.join();
        boolean contested = !claim.getBoolean("[applied]");
        if (contested) {
            // the same id sent again: answered already, or being applied by a request still running (a station
            // that gave up waiting and resent it): its outcome, once written, is this one's
            Row settled = settled(lineId, s.id(), claim);
            if (settled != null) {
                return stored(s.id(), settled);
            }
            st = j.outcome() == null ? status(j) : null;   // a claim never answered (stopped half-way): judged again, now
        }
        ScanResult r = judge(p, v, s, j, st);
        Unit u = r.unit();
        if (contested) {
            if (!session.execute(answerScanOnce.bind(r.outcome().name(), r.detail(), u == null ? null : u.batchId(),
                    u == null ? null : u.serial(), u == null ? null : u.state(), clock.instant(), lineId, s.id())).wasApplied()) {
                return stored(s.id(), session.execute(readScan.bind(lineId, s.id())).one());
            }
            return r;
        }
        session.execute(answerScan.bind(r.outcome().name(), r.detail(), u == null ? null : u.batchId(), u == null ? null : u.serial(),
                u == null ? null : u.state(), clock.instant(), lineId, s.id()));
        session.executeAsync(count.bind(lineId, s.mode().name() + ":" + r.outcome().name()));   // a counter: never awaited
        return r;
    }

    /** The claimed scan's row once it has an outcome, waiting a little for a request still applying it; null if none comes. */
    private Row settled(String lineId, UUID id, Row claim) {
        Row row = claim;
        for (int i = 0; row.getString("outcome") == null && i < SETTLE_POLLS; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            row = session.execute(readScan.bind(lineId, id)).one();
        }
        return row.getString("outcome") == null ? null : row;
    }

    private ScanResult stored(UUID id, Row row) {
        Integer batchId = row.isNull("batch_id") ? null : row.getInt("batch_id");
        String serial = row.getString("serial");
        Unit u = batchId == null ? null : new Unit(batchId, serial, shortSerial(Serial.ofHex(serial).value()), row.getString("state"));
        return new ScanResult(id, Mode.valueOf(row.getString("mode")), Outcome.valueOf(row.getString("outcome")), row.getString("detail"),
                u, true);
    }

    /** What the scan does to the unit {@code j} in state {@code st} (both read before the claim was answered). */
    private ScanResult judge(Principal p, LineView v, Scan s, Judged j, UnitStatus st) {
        if (j.outcome() != null) {
            return new ScanResult(s.id(), s.mode(), j.outcome(), j.detail(), j.unit(null), false);
        }
        if (st == null) {
            return new ScanResult(s.id(), s.mode(), Outcome.REFUSED, "batch " + j.batch().batchId() + " is still being issued",
                    j.unit(null), false);
        }
        String hex = j.ref().serialHex();
        return switch (s.mode()) {
            case ACTIVATE -> switch (st) {
                case ACTIVE -> result(s, Outcome.ALREADY_ACTIVE, null, j, st);
                case VOIDED, DECOMMISSIONED -> result(s, Outcome.ALREADY_VOIDED, st.name(), j, st);
                case RECALLED -> result(s, Outcome.REFUSED, "batch " + j.batch().batchId() + " was recalled", j, st);
                case NOT_ACTIVATED -> change(s, j, st, UnitStatus.ACTIVE, () -> activation.activateList(p, j.batch().batchId(), List.of(hex)));
            };
            case REJECT -> switch (st) {
                case VOIDED, DECOMMISSIONED -> result(s, Outcome.ALREADY_VOIDED, st.name(), j, st);
                default -> change(s, j, st, UnitStatus.VOIDED,
                        () -> activation.voidList(p, j.batch().batchId(), List.of(hex), "rejected at line " + v.line().lineId() + ": " + s.reason()));
            };
            case CHECK -> {
                if (st != UnitStatus.ACTIVE) {
                    yield result(s, st == UnitStatus.VOIDED || st == UnitStatus.DECOMMISSIONED ? Outcome.ALREADY_VOIDED : Outcome.NOT_ACTIVE,
                            st.name(), j, st);
                }
                String in = packedIn(v.line().licenseeId(), j.ref(), s.id());
                yield in == null ? result(s, Outcome.OK, null, j, st) : result(s, Outcome.ALREADY_PACKED, in, j, st);
            }
        };
    }

    private static ScanResult result(Scan s, Outcome o, String detail, Judged j, UnitStatus st) {
        return new ScanResult(s.id(), s.mode(), o, detail, j.unit(st.name()), false);
    }

    private ScanResult change(Scan s, Judged j, UnitStatus was, UnitStatus to, Runnable apply) {
        try {
            apply.run();
            return new ScanResult(s.id(), s.mode(), Outcome.OK, s.mode() == Mode.REJECT ? s.reason() : null, j.unit(to.name()), false);
        } catch (IssuerException e) {
            // a voided unit in a list, a recalled batch, a licence no longer active: said by the service that refused
            return new ScanResult(s.id(), s.mode(), Outcome.REFUSED, e.getMessage(), j.unit(was.name()), false);
        }
    }

    private UnitStatus status(Judged j) {
        return activation.effectiveStatus(j.batch().batchId(), j.seq(), j.batch().state() == BatchState.RECALLED).orElse(null);
    }

    /** A code judged as a unit of the line: null outcome when it is one of the line's batches. */
    private Judged judgeUnit(LineView v, String code) {
        Judged j = judgeMark(v, code);
        if (j.outcome() != null) {
            return j;
        }
        if (!v.line().batchIds().contains(j.batch().batchId())) {
            boolean sameProduct = v.batches().values().stream().anyMatch(b -> b.productId() == j.batch().productId());
            return new Judged(sameProduct ? Outcome.WRONG_BATCH : Outcome.WRONG_PRODUCT, Integer.toString(j.batch().batchId()), j.ref(),
                    j.batch(), j.seq());
        }
        return j;
    }

    /** A code judged as any mark of the line's licensee (a case or pallet label may be of any of its batches). */
    private Judged judgeMark(LineView v, String code) {
        UnitRef ref;
        String text = code.strip();
        if (text.startsWith(UnitRef.URN_PREFIX)) {
            String[] part = text.substring(UnitRef.URN_PREFIX.length()).split(":");
            try {
                if (part.length != 2 || part[1].length() != 16) {
                    throw new IllegalArgumentException();
                }
                ref = new UnitRef(Integer.parseInt(part[0]), Serial.ofHex(part[1]).value());
            } catch (IllegalArgumentException e) {
                return new Judged(Outcome.UNREADABLE, UnitRef.URN_PREFIX + "<batch>:<16 hex digits> expected", null, null, 0);
            }
        } else {
            ParseResult r = codec.parse(text);
            if (r instanceof ParseResult.Malformed m) {
                return new Judged(Outcome.UNREADABLE, m.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), null, null, 0);
            }
            if (r instanceof ParseResult.Foreign f) {
                return new Judged(Outcome.NOT_OURS, f.host(), null, null, 0);
            }
            var content = ((ParseResult.Parsed) r).mark().content();
            if (content.batchId() <= 0 || content.batchId() > Integer.MAX_VALUE) {
                return new Judged(Outcome.NOT_OURS, null, null, null, 0);
            }
            ref = new UnitRef((int) content.batchId(), content.serial().value());
        }
        Batch b = v.batches().get(ref.batchId());
        if (b == null) {
            b = v.others().computeIfAbsent(ref.batchId(), batchStore::batch).orElse(null);
        }
        int[] origin = serials.invert(ref.serial());
        if (b == null || origin[0] != b.batchId() || origin[1] < 1 || origin[1] > b.quantity()
                || !b.licenseeId().equals(v.line().licenseeId())) {
            return new Judged(Outcome.NOT_OURS, null, null, null, 0);
        }
        return new Judged(null, null, ref, b, origin[1]);
    }

    // ------------------------------------------------------------------ packs

    /**
     * Packs children into a parent: units into a case (each must pass CHECK), or cases a station
     * packed onto a pallet. Records an EPCIS 2.0 AggregationEvent ADD through the trace capture.
     */
    public PackResult pack(Caller c, Pack k) {
        LineView v = view(c);
        String lineId = v.line().lineId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant at = k.at() == null || k.at().isAfter(now) ? now : k.at().truncatedTo(ChronoUnit.MILLIS);
        int max = k.level() == Level.CASE ? v.line().packSize() : v.line().casesPerPallet();
        // a pack over the line's size is refused (TOO_MANY) below: its claim keeps no children, so it stores no bulk
        List<String> kept = k.children().size() > max ? List.of() : k.children().stream().map(x -> clip(x, 1024)).toList();
        Row claim = session.execute(claimPack.bind(lineId, k.id(), k.level().name(), clip(k.parent(), 1024), kept, at)).one();
        if (!claim.getBoolean("[applied]")) {
            if (claim.getString("outcome") != null) {
                return new PackResult(k.id(), Level.valueOf(claim.getString("level")), PackOutcome.valueOf(claim.getString("outcome")),
                        shortOf(v, claim.getString("parent")), claim.getString("detail"), claim.getString("event_id"), true);
            }
            at = claim.getInstant("at");   // the event's time was fixed by the first attempt
        }
        PackResult r = judgePack(c.principal(), v, k, at);
        session.execute(answerPack.bind(r.outcome().name(), r.detail(), r.eventId(), clock.instant(), lineId, k.id()));
        session.executeAsync(count.bind(lineId, k.level().name() + ":" + r.outcome().name()));
        return r;
    }

    private PackResult judgePack(Principal p, LineView v, Pack k, Instant at) {
        String licensee = v.line().licenseeId();
        int max = k.level() == Level.CASE ? v.line().packSize() : v.line().casesPerPallet();
        Judged parent = judgeMark(v, k.parent());
        String parentShort = parent.ref() == null ? null : shortSerial(parent.ref().serial());
        if (k.children().size() > max) {
            return refused(k, PackOutcome.TOO_MANY, parentShort, k.children().size() + "/" + max);
        }
        if (parent.outcome() != null) {
            return refused(k, parent.outcome() == Outcome.UNREADABLE ? PackOutcome.PARENT_UNREADABLE : PackOutcome.PARENT_NOT_OURS,
                    null, parent.detail());
        }
        UnitStatus parentState = status(parent);
        if (parentState == null || parentState == UnitStatus.VOIDED || parentState == UnitStatus.DECOMMISSIONED
                || parentState == UnitStatus.RECALLED) {
            return refused(k, PackOutcome.PARENT_VOIDED, parentShort, parentState == null ? "NOT_ISSUED" : parentState.name());
        }
        String parentUrn = parent.ref().urn();
        if (usedByOther(session.execute(selectPacking.bind(licensee, parentUrn, "PARENT")).one(), k.id())
                || usedByOther(session.execute(selectPacking.bind(licensee, parentUrn, "CHILD")).one(), k.id())) {
            return refused(k, PackOutcome.PARENT_USED, parentShort, null);
        }
        List<String> childUrns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String code : k.children()) {
            Judged child = k.level() == Level.CASE ? judgeUnit(v, code) : judgeMark(v, code);
            String label = child.ref() == null ? clip(code.strip(), 40) : "…" + shortSerial(child.ref().serial());
            if (child.outcome() != null) {
                return refused(k, PackOutcome.CHILD_REFUSED, parentShort, label + " " + child.outcome());
            }
            String urn = child.ref().urn();
            if (urn.equals(parentUrn)) {
                return refused(k, PackOutcome.PARENT_USED, parentShort, null);
            }
            if (!seen.add(urn)) {
                return refused(k, PackOutcome.CHILD_REFUSED, parentShort, label + " TWICE");
            }
            if (k.level() == Level.CASE) {
                UnitStatus st = status(child);
                if (st != UnitStatus.ACTIVE) {
                    return refused(k, PackOutcome.CHILD_REFUSED, parentShort, label + " " + (st == UnitStatus.VOIDED
                            || st == UnitStatus.DECOMMISSIONED ? Outcome.ALREADY_VOIDED : Outcome.NOT_ACTIVE));
                }
            } else {
                Row packed = session.execute(selectPacking.bind(licensee, urn, "PARENT")).one();
                if (packed == null || !Level.CASE.name().equals(packed.getString("level"))) {
                    return refused(k, PackOutcome.CHILD_REFUSED, parentShort, label + " NOT_A_CASE");
                }
            }
            if (packedIn(licensee, child.ref(), k.id()) != null) {
                return refused(k, PackOutcome.CHILD_REFUSED, parentShort, label + " " + Outcome.ALREADY_PACKED);
            }
            childUrns.add(urn);
        }
        // the claims: the parent, then every child (concurrently); a lost one undoes this pack's
        List<String[]> claimed = new ArrayList<>();
        if (!claim(licensee, parentUrn, "PARENT", k, null, v, claimed)) {
            return refused(k, PackOutcome.PARENT_USED, parentShort, null);
        }
        List<CompletableFuture<Boolean>> acks = new ArrayList<>();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);   // a case of 10,000 units: 64 claims at a time
        for (String urn : childUrns) {
            inFlight.acquireUninterruptibly();
            acks.add(session.executeAsync(claimPacking.bind(licensee, urn, "CHILD", k.level().name(), parentUrn, k.id(), v.line().lineId()))
                    .toCompletableFuture().whenComplete((rs, e) -> inFlight.release()).thenApply(rs -> {
                        Row row = rs.one();
                        return row.getBoolean("[applied]") || k.id().equals(row.getUuid("pack_id"));
                    }));
            claimed.add(new String[] {urn, "CHILD"});
        }
        boolean all = acks.stream().map(CompletableFuture::join).reduce(true, Boolean::logicalAnd);
        if (!all) {
            release(licensee, k, claimed);
            return refused(k, PackOutcome.CHILD_REFUSED, parentShort, "… " + Outcome.ALREADY_PACKED);
        }
        if (parentState == UnitStatus.NOT_ACTIVATED) {
            // a case label is printed from a batch of its own: scanning it to close the case activates it
            try {
                activation.activateList(p, parent.batch().batchId(), List.of(parent.ref().serialHex()));
            } catch (IssuerException e) {
                release(licensee, k, claimed);
                return refused(k, PackOutcome.REFUSED, parentShort, e.getMessage());
            }
        }
        JsonObject event = new JsonObject().put("type", "AggregationEvent").put("eventTime", at.toString())
                .put("eventTimeZoneOffset", "+00:00").put("action", "ADD").put("parentID", parentUrn)
                .put("childEPCs", new JsonArray(childUrns)).put("bizStep", "packing").put("disposition", "container_closed")
                .put("readPoint", new JsonObject().put("id", v.line().readPoint()));
        Capture.Result cr = capture.capture(p, EpcisDocuments.write(List.of(event), at), Capture.Mode.ATOMIC);
        if (!cr.rejected().isEmpty()) {
            release(licensee, k, claimed);
            Capture.Rejected x = cr.rejected().get(0);
            return refused(k, PackOutcome.REFUSED, parentShort, x.code() + ": " + x.message());
        }
        String eventId = !cr.recorded().isEmpty() ? cr.recorded().get(0) : cr.duplicates().get(0);
        // the closed case or pallet gets its SSCC when the licensee has a GS1 Company Prefix (idempotent; a failure
        // leaves the pack done: POST /api/v1/marks/sscc allocates it later)
        try {
            gs1.allocateOnPack(licensee, parent.ref(), p.userId());
        } catch (IssuerException e) {
            LOG.warn("pack {} of line {}: no SSCC for {}: {}", k.id(), v.line().lineId(), parentUrn, e.getMessage());
        }
        return new PackResult(k.id(), k.level(), PackOutcome.OK, parentShort, Integer.toString(childUrns.size()), eventId, false);
    }

    private boolean claim(String licensee, String urn, String role, Pack k, String container, LineView v, List<String[]> claimed) {
        Row row = session.execute(claimPacking.bind(licensee, urn, role, k.level().name(), container, k.id(), v.line().lineId())).one();
        if (row.getBoolean("[applied]") || k.id().equals(row.getUuid("pack_id"))) {
            claimed.add(new String[] {urn, role});
            return true;
        }
        return false;
    }

    private void release(String licensee, Pack k, List<String[]> claimed) {
        for (String[] c : claimed) {
            session.execute(releasePacking.bind(licensee, c[0], c[1], k.id()));
        }
    }

    /**
     * The short code of the container the unit is in, or null: packed by a station (another pack
     * than {@code packId}), or in a container per the trace (an AggregationEvent captured through
     * the EPCIS API; {@code aggregation_parent}, V004).
     */
    private String packedIn(String licensee, UnitRef u, UUID packId) {
        Row mine = session.execute(selectPacking.bind(licensee, u.urn(), "CHILD")).one();
        if (mine != null) {
            return packId.equals(mine.getUuid("pack_id")) ? null : containerShort(mine.getString("container"));
        }
        Row traced = session.execute(selectParent.bind(u.batchId(), org.markauth.registry.MarkKey.serialBytes(u.serial()))).one();
        return traced == null ? null : shortSerial(traced.getByteBuffer("parent_serial").duplicate().getLong());
    }

    private static boolean usedByOther(Row row, UUID packId) {
        return row != null && !packId.equals(row.getUuid("pack_id"));
    }

    private static PackResult refused(Pack k, PackOutcome o, String parentShort, String detail) {
        return new PackResult(k.id(), k.level(), o, parentShort, detail, null, false);
    }

    // ------------------------------------------------------------------ the line

    /** The line of a STATION key, from memory when fresh; 403 for a key bound to no line. */
    private LineView view(Caller c) {
        if (!c.scopes().contains(Scope.STATION)) {
            throw new IssuerException.Forbidden("only a line station's key (scope station) may act as a station; issue one with "
                    + "POST /api/v1/lines/{lineId}/keys");
        }
        String lineId = keyLines.get(c.credentialId());
        if (lineId == null) {
            lineId = lines.lineOfKey(c.credentialId()).orElseThrow(() -> new IssuerException.Forbidden("this station key ("
                    + c.credentialId() + ") is bound to no line; issue a line's key with POST /api/v1/lines/{lineId}/keys"));
            keyLines.put(c.credentialId(), lineId);
        }
        Instant now = clock.instant();
        LineView v = views.get(lineId);
        if (v == null || now.isAfter(v.loaded().plus(LINE_TTL))) {
            v = load(lineId, c.principal(), now);
            views.put(lineId, v);
        }
        if (!c.principal().mayActFor(v.line().licenseeId())) {
            throw new IssuerException.Forbidden("this station key (" + c.credentialId() + ") belongs to another licensee than its line");
        }
        return v;
    }

    private LineView load(String lineId, Principal p, Instant now) {
        Line line = lines.find(lineId).orElseThrow(() -> new IssuerException.Forbidden("the line of this station key (" + lineId
                + ") no longer exists; issue a key for an existing line with POST /api/v1/lines/{lineId}/keys"));
        Map<Integer, Batch> batches = new HashMap<>();
        Map<Integer, Product> products = new HashMap<>();
        for (int id : line.batchIds()) {
            batchStore.batch(id).ifPresent(b -> {
                batches.put(id, b);
                products.computeIfAbsent(b.productId(), pid -> {
                    try {
                        return registry.product(p, pid);
                    } catch (IssuerException e) {
                        return null;
                    }
                });
            });
        }
        products.values().removeIf(java.util.Objects::isNull);
        return new LineView(line, Map.copyOf(batches), Map.copyOf(products), now, new ConcurrentHashMap<>());
    }

    private String shortOf(LineView v, String code) {
        Judged j = judgeMark(v, code);
        return j.ref() == null ? null : shortSerial(j.ref().serial());
    }

    private static String containerShort(String urn) {
        if (urn == null || !urn.startsWith(UnitRef.URN_PREFIX)) {
            return urn;
        }
        String[] part = urn.substring(UnitRef.URN_PREFIX.length()).split(":");
        return shortSerial(Serial.ofHex(part[1]).value());
    }

    /** The last 6 characters of the serial's base32 form: the short code printed under the label's QR. */
    public static String shortSerial(long serial) {
        String b32 = new Serial(serial).toBase32();
        return b32.substring(b32.length() - 6);
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
