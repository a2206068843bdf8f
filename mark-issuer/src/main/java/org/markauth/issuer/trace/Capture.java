package org.markauth.issuer.trace;

import org.markauth.registry.Invalidation;
import org.markauth.issuer.activation.Activation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.registry.Product;

/**
 * Captures EPCIS 2.0 documents (GS1 EPCIS 2.0 section 8.2.2 capture interface; events per section
 * 7.4): validates every event, then records the valid ones in document order. Every event type is
 * recorded — ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent
 * — with what its EPCs must be (docs/traceability.md, "Which EPCs must be programme marks"):
 * <ul>
 * <li>ObjectEvent {@code epcList}, TransactionEvent {@code epcList} and {@code parentID},
 *     AggregationEvent {@code parentID} and {@code childEPCs}, TransformationEvent
 *     {@code outputEPCList}, AssociationEvent {@code childEPCs}: programme marks (FOREIGN_EPC otherwise);</li>
 * <li>TransformationEvent {@code inputEPCList} (raw materials) and AssociationEvent {@code parentID}
 *     (a sensor, a returnable asset) may be any EPC; the programme marks among them follow the mark rules;</li>
 * <li>an event naming no mark must name a programme product class ({@code urn:markauth:product:<id>})
 *     in each quantity element outside a transformation's inputs (FOREIGN_EPC otherwise), and an event
 *     naming neither is NO_PROGRAMME_MARK.</li>
 * </ul>
 * A programme mark is refused when it names no issued mark, belongs to a licensee that is neither the
 * sender nor one that declared the sender as partner, or when the event's time is in the future or
 * before the mark's batch was ordered. A partner's event is refused, too, while the partner is
 * blacklisted, when the partnership was withdrawn or has expired or does not cover the event's time,
 * and when the partner does not hold a mark it names per the trace ({@link Custody}). The licensee
 * keeps full rights over its own marks; when it (or the regulator) takes out of circulation a unit a
 * partner holds, the audit trail says so ({@code trace.decommission-elsewhere}).
 *
 * <p>Events are identified by the CBV 2.0 event hash ({@link EventHash}, CBV 2.0 section 8.9): an
 * event already recorded (same hash) is reported as a duplicate and not applied again, which makes
 * resending a document harmless, while events differing in any business content are distinct. The
 * sender's {@code eventID} is kept. An event carrying {@code errorDeclaration} (EPCIS 2.0 section
 * 7.4.1.2) declares the event it names (by its eventID, else by its hash) in error: that event stops
 * counting — its unit rows and packing are marked declared, which traces, custody and containment
 * skip, and a decommissioning it caused is undone — while it stays stored with the declaration.
 * The caller chooses what a refusal does to the rest: {@link Mode#PARTIAL} keeps the valid events,
 * {@link Mode#ATOMIC} records nothing.
 *
 * <p>An event on a case or pallet (ObjectEvent, TransactionEvent) applies to what it held at the
 * event's time, even when the event is captured after later packings or unpackings
 * ({@link Containment}): it is written into the path of every unit inside then (recursively,
 * {@code via_parent} naming the container). Calls block on Cassandra; run them on worker threads.
 */
public final class Capture {

    public enum Mode { PARTIAL, ATOMIC }

    /** A refused event: its position in the document, its id when it could be computed, why. */
    public record Rejected(int index, String eventId, String code, String message) {
    }

    /**
     * What happened to a document. {@code committed} is false when ATOMIC mode refused it whole.
     * {@code recorded} and {@code duplicates} name events by their own eventID (the sender's, else
     * the hash); {@code hashes} gives the CBV 2.0 hash of each recorded one, in the same order.
     */
    public record Result(int received, List<String> recorded, List<String> hashes, List<String> duplicates,
                         List<Rejected> rejected, boolean committed) {
    }

    /** The programme's URI of a product class in a quantity element. */
    public static final String PRODUCT_CLASS_PREFIX = "urn:markauth:product:";

    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final int MAX_DEPTH = 3;
    static final int MAX_EXPANDED = 100_000;

    private final TraceStore store;
    private final Containment containment;
    private final BatchStore batches;
    private final Partners partners;
    private final Custody custody;
    private final ChangeRecorder changes;
    private final Epcs epcs;
    private final Activation activation;
    private final Clock clock;

    public Capture(TraceStore store, BatchStore batches, Partners partners, Epcs epcs, Activation activation, ChangeRecorder changes,
            Clock clock) {
        this.store = store;
        this.custody = new Custody(store, epcs);
        this.changes = changes;
        this.containment = new Containment(store, epcs);
        this.batches = batches;
        this.partners = partners;
        this.epcs = epcs;
        this.activation = activation;
        this.clock = clock;
    }

    /** CBV steps and dispositions after which a unit is out of circulation (verdict DECOMMISSIONED). */
    static boolean decommissions(EpcisEvent e) {
        return e.type() == EpcisEvent.Type.ObjectEvent && decommissions(e.bizStep(), e.disposition());
    }

    static boolean decommissions(String bizStep, String disposition) {
        return "decommissioning".equals(bizStep) || "destroying".equals(bizStep)
                || "destroyed".equals(disposition) || "disposed".equals(disposition);
    }

    /**
     * An accepted event. {@code refs} maps each EPC naming a programme mark to it; {@code elsewhere}
     * maps each EPC the licensee (or the regulator) took out of circulation while another party held
     * it to a description of that custody, for the audit trail; {@code declares} is the hash of the
     * event an errorDeclaration names (null for an ordinary event).
     */
    private record Checked(int index, EpcisEvent event, Map<String, UnitRef> refs, String owner, Map<String, String> elsewhere,
                           String declares) {
    }

    /** What the checks of one capture call read once: partnerships by owner, the sender's blacklist state, the pending steps. */
    private static final class Seen {
        final Map<Integer, Optional<Batch>> batches = new HashMap<>();
        final Map<Integer, Optional<Product>> products = new HashMap<>();
        final Map<String, Optional<Partners.Partner>> partnerships = new HashMap<>();
        Boolean blacklisted;
        final Custody.Pending pending = new Custody.Pending();
        /** Ids (sender's and hashes) of the events accepted earlier in the document -> hash, owner. */
        final Map<String, String[]> earlier = new HashMap<>();
    }

    public Result capture(Principal p, JsonObject document, Mode mode) {
        Permissions.requireRole(p, "record supply-chain events", Role.MANUFACTURER, Role.REGULATOR);
        EpcisDocuments.Read read = EpcisDocuments.readDocument(withoutSignedCodes(document));
        List<EpcisDocuments.Entry> entries = read.entries();
        Instant now = clock.instant();
        Seen seen = new Seen();
        String party = party(p);
        List<Checked> ok = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (EpcisDocuments.Entry en : entries) {
            if (en.error() != null) {
                rejected.add(new Rejected(en.index(), null, en.error().code(), en.error().getMessage()));
                continue;
            }
            try {
                Checked c = check(p, en.index(), en.event(), now, seen);
                ok.add(c);
                if (c.declares() == null) {
                    seen.pending.add(c.event(), c.refs(), party);
                    seen.earlier.put(c.event().hash(), new String[] {c.event().hash(), c.owner()});
                    if (c.event().senderEventId() != null) {
                        seen.earlier.putIfAbsent(c.event().senderEventId(), new String[] {c.event().hash(), c.owner()});
                    }
                }
            } catch (EpcisException ex) {
                rejected.add(new Rejected(en.index(), en.event().eventId(), ex.code(), ex.getMessage()));
            }
        }
        if (mode == Mode.ATOMIC && !rejected.isEmpty()) {
            return new Result(entries.size(), List.of(), List.of(), List.of(), rejected, false);
        }
        String context = read.contextJson();
        List<String> recorded = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (Checked c : ok) {
            EpcisEvent e = c.event();
            if (c.declares() != null) {
                if (declare(p, party, c)) {
                    recorded.add(e.eventId());
                    hashes.add(e.hash());
                } else {
                    duplicates.add(e.eventId());
                }
                continue;
            }
            if (!store.claim(e, c.owner(), p.userId(), now, context)) {
                duplicates.add(e.eventId());
                continue;
            }
            apply(c, party);
            c.elsewhere().forEach((epc, where) -> changes.record(p.userId(), "trace.decommission-elsewhere", Invalidation.mark(c.refs().get(epc).batchId(),
                    c.refs().get(epc).serial()), e.bizStep() + "/" + e.disposition() + " by " + party + " while " + where));
            store.ownerDay(c.owner(), LocalDate.ofInstant(e.eventTime(), ZoneOffset.UTC), e);
            store.index(e, c.owner(), now);
            recorded.add(e.eventId());
            hashes.add(e.hash());
        }
        return new Result(entries.size(), recorded, hashes, duplicates, rejected, true);
    }

    /** The EPC positions of an event (EPCIS 2.0 section 7.3): lists of instance EPCs, and parentID. */
    private static final List<String> EPC_LISTS = List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");

    /**
     * The document with every programme mark named by its printed, signed code rewritten to its
     * {@code urn:markauth:mark:} form before anything else (the event hash included) sees it. A signed code
     * is counterfeiting material: stored as sent, it would reach every party that reads the event (the
     * owner of another mark in it, the query interface, subscriptions) and could be printed as a clone.
     * Anything that is not a structurally readable event is left for validation to refuse.
     */
    JsonObject withoutSignedCodes(JsonObject document) {
        if (!(document.getValue("epcisBody") instanceof JsonObject body) || !(body.getValue("eventList") instanceof JsonArray list)) {
            return document;
        }
        JsonArray events = new JsonArray();
        for (Object o : list) {
            if (!(o instanceof JsonObject ev)) {
                events.add(o);
                continue;
            }
            JsonObject e = ev.copy();
            for (String field : EPC_LISTS) {
                if (e.getValue(field) instanceof JsonArray a) {
                    JsonArray out = new JsonArray();
                    a.forEach(x -> out.add(x instanceof String epc ? epcs.unsigned(epc) : x));
                    e.put(field, out);
                }
            }
            if (e.getValue("parentID") instanceof String parent) {
                e.put("parentID", epcs.unsigned(parent));
            }
            events.add(e);
        }
        JsonObject copy = document.copy();
        copy.getJsonObject("epcisBody").put("eventList", events);
        return copy;
    }

    static String party(Principal p) {
        return p.licenseeId().orElse("regulator:" + p.userId());
    }

    /** The EPCs of an event that must name programme marks (the others may be foreign). */
    static List<String> markEpcs(EpcisEvent e) {
        return switch (e.type()) {
            case ObjectEvent -> e.epcList();
            case AggregationEvent -> e.allEpcs();
            case TransactionEvent -> e.allEpcs();
            case TransformationEvent -> e.outputEpcs();
            case AssociationEvent -> e.childEpcs();
        };
    }

    /**
     * The mark an EPC names, or null for an EPC of no programme mark (a GS1 or other EPC). The
     * programme's own URNs must be well-formed (MALFORMED_EPC).
     */
    /**
     * The mark an EPC names, or null when it names none and may be foreign (another scheme, another
     * host, a GS1 key outside the programme's prefixes). A markauth URN, and a GS1 key that claims a
     * programme mark (its GTIN or prefix is the programme's: UNKNOWN_MARK) or is not valid GS1 syntax
     * (MALFORMED_EPC), keep their own refusal: such an EPC is wrong, not foreign.
     */
    private UnitRef resolve(String epc) {
        if (epc.startsWith("urn:markauth:")) {
            return epcs.parse(epc);
        }
        try {
            return epcs.parse(epc);
        } catch (EpcisException notAMark) {
            if ("UNKNOWN_MARK".equals(notAMark.code()) || ("MALFORMED_EPC".equals(notAMark.code()) && Gs1Keys.looksGs1(epc))) {
                throw notAMark;
            }
            return null;
        }
    }

    private Checked check(Principal p, int index, EpcisEvent e, Instant now, Seen seen) {
        if (e.eventTime().isAfter(now.plus(CLOCK_SKEW))) {
            throw new EpcisException("TIME_IN_FUTURE", "eventTime " + e.eventTime() + " is in the future (server time " + now
                    + ", tolerance " + CLOCK_SKEW.toMinutes() + " min); send events after they happen");
        }
        String sender = p.role() == Role.MANUFACTURER ? p.licenseeId().orElseThrow() : null;
        if (e.declaresError()) {
            return checkDeclaration(index, e, sender, seen);
        }
        Custody.destination(e.body());     // a destinationList naming nothing readable is refused for every sender
        // a resent event is reported as a duplicate and applies nothing: it is not judged again by
        // today's partnership and custody (which its own recording changed)
        boolean resent = store.recorded(e.hash());
        Set<String> mustBeMarks = new LinkedHashSet<>(markEpcs(e));
        Map<String, UnitRef> refs = new LinkedHashMap<>();
        Map<String, String> owners = new HashMap<>();
        String owner = null;
        for (String epc : e.allEpcs()) {
            UnitRef u = resolve(epc);
            if (u == null) {
                if (mustBeMarks.contains(epc)) {
                    throw new EpcisException("FOREIGN_EPC", "EPC " + EpcisEvent.shorten(epc) + " names no programme mark; in a "
                            + e.type() + " " + role(e, epc) + " must be programme marks (their printed code, "
                            + UnitRef.URN_PREFIX + "<batch>:<serial> or GS1 SGTIN/SSCC of a programme mark); see "
                            + "docs/traceability.md");
                }
                continue;
            }
            Batch b = seen.batches.computeIfAbsent(u.batchId(), batches::batch).orElse(null);
            if (b == null || !store.markExists(u)) {
                throw new EpcisException("UNKNOWN_MARK", "EPC " + u.urn() + " names no issued mark; check the code");
            }
            if (sender != null && !sender.equals(b.licenseeId())) {
                requirePartnership(sender, b.licenseeId(), "mark " + u.urn(), e, now, seen, resent);
            }
            if (e.eventTime().isBefore(b.createdAt().minus(CLOCK_SKEW))) {
                throw new EpcisException("TIME_BEFORE_ISSUE", "eventTime " + e.eventTime() + " is before batch " + b.batchId()
                        + " was ordered (" + b.createdAt() + "); check the event's clock");
            }
            refs.put(epc, u);
            owners.put(epc, b.licenseeId());
            owner = owner == null ? b.licenseeId() : owner;
        }
        for (EpcisEvent.Quantity q : e.quantities()) {
            Product pr = productClass(q.epcClass(), seen);
            if (pr == null) {
                if (refs.isEmpty() && q.role() != EpcisEvent.QuantityRole.INPUT) {
                    throw new EpcisException("FOREIGN_EPC", "epcClass " + EpcisEvent.shorten(q.epcClass()) + " names no programme "
                            + "product; an event naming no programme mark must name programme products in its quantity elements ("
                            + PRODUCT_CLASS_PREFIX + "<product id>, or a GS1 class such as an LGTIN of a product's GTIN under its "
                            + "licensee's registered GS1 Company Prefix)");
                }
                continue;
            }
            if (sender != null && !sender.equals(pr.licenseeId())) {
                requirePartnership(sender, pr.licenseeId(), "product " + pr.productId(), e, now, seen, resent);
            }
            owner = owner == null ? pr.licenseeId() : owner;
        }
        if (owner == null) {
            throw new EpcisException("NO_PROGRAMME_MARK", "the " + e.type() + " names no programme mark and no programme product "
                    + "class; this programme records events on its marks (" + UnitRef.URN_PREFIX + "..., the printed code) or "
                    + "its products (" + PRODUCT_CLASS_PREFIX + "<product id> in a quantity element)");
        }
        Map<String, String> elsewhere = new LinkedHashMap<>();
        if (!resent) {
            for (String epc : refs.keySet()) {
                String o = owners.get(epc);
                if (sender != null && !sender.equals(o)) {
                    custody.requireHeld(sender, o, refs.get(epc), epc, e, seen.pending);
                } else if (decommissions(e) && e.epcList().contains(epc)) {
                    // the licensee (and the regulator) keep full rights over the licensee's marks; taking
                    // one out of circulation while a partner holds it is audited
                    Custody.Holding h = custody.position(refs.get(epc), o, e.eventTime(), e.hash(), seen.pending).at();
                    if (!h.heldBy(o)) {
                        elsewhere.put(epc, h.describe());
                    }
                }
            }
        }
        return new Checked(index, e, refs, owner, elsewhere, null);
    }

    private static String role(EpcisEvent e, String epc) {
        return switch (e.type()) {
            case ObjectEvent -> "the epcList entries";
            case AggregationEvent -> "parentID and childEPCs";
            case TransactionEvent -> "epcList and parentID";
            case TransformationEvent -> "the outputEPCList entries (inputs may be foreign raw materials)";
            case AssociationEvent -> "childEPCs (parentID may be a foreign asset or sensor)";
        };
    }

    /**
     * The programme product an epcClass names, or null: {@code urn:markauth:product:<id>}, or a GS1 class
     * (LGTIN, SGTIN pattern, GTIN Digital Link) of a product's GTIN under its licensee's registered GS1
     * Company Prefix.
     */
    private Product productClass(String epcClass, Seen seen) {
        if (!epcClass.startsWith(PRODUCT_CLASS_PREFIX)) {
            return epcs.productOfClass(epcClass).orElse(null);
        }
        int id;
        try {
            id = Integer.parseInt(epcClass.substring(PRODUCT_CLASS_PREFIX.length()));
        } catch (NumberFormatException e) {
            throw new EpcisException("MALFORMED_EPC", "epcClass '" + EpcisEvent.shorten(epcClass) + "' is not "
                    + PRODUCT_CLASS_PREFIX + "<product id>");
        }
        Product pr = seen.products.computeIfAbsent(id, partners::product).orElse(null);
        if (pr == null) {
            throw new EpcisException("UNKNOWN_MARK", "epcClass " + epcClass + " names no registered product");
        }
        return pr;
    }

    /**
     * An errorDeclaration (EPCIS 2.0 section 7.4.1.2) names the event it declares by the eventID the
     * declared event carried (or its hash as eventID), or, when it carries no eventID, by its content
     * (the same event hash). Only the declared event's
     * owner, the party that recorded it, or the regulator may declare it (UNKNOWN_DECLARED_EVENT
     * otherwise, as for an event never recorded: another licensee's events are not revealed).
     */
    private Checked checkDeclaration(int index, EpcisEvent e, String sender, Seen seen) {
        String id = e.senderEventId() != null ? e.senderEventId() : e.hash();
        String[] target = seen.earlier.get(id);
        if (target == null) {
            // one row per owner: the sender's own event (or one it recorded on a partner's marks); the
            // regulator's declaration must name one event unambiguously
            List<String[]> found = store.eventHashes(id);
            if (sender != null) {
                target = found.stream().filter(t -> sender.equals(t[1])).findFirst()
                        .or(() -> found.stream().filter(t -> recordedBy(t[0], sender)).findFirst()).orElse(null);
            } else if (found.size() == 1) {
                target = found.get(0);
            } else if (found.size() > 1) {
                throw new EpcisException("UNKNOWN_DECLARED_EVENT", "eventID " + id + " names events of " + found.size()
                        + " licensees; declare the erroneous event by its event hash (the trace and the query interface give it)");
            }
        } else if (sender != null && !sender.equals(target[1]) && !recordedBy(target[0], sender)) {
            target = null;
        }
        if (target == null) {
            throw new EpcisException("UNKNOWN_DECLARED_EVENT", "the errorDeclaration names no event you recorded or own ("
                    + (e.senderEventId() != null ? "eventID " + e.senderEventId() : "no eventID; event hash " + e.hash())
                    + "); send it with the eventID of the erroneous event, or with that event's fields unchanged");
        }
        return new Checked(index, e, Map.of(), target[1], Map.of(), target[0]);
    }

    /** Whether {@code party} recorded the event onto some item (its events_by_unit row's party). */
    private boolean recordedBy(String hash, String party) {
        for (TraceStore.EventUnit u : store.unitsOf(hash)) {
            if (party.equals(store.party(u, hash))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records a declaration on the declared event: V020 declared_* columns, its unit rows and packing
     * declared, containers' current contents replayed without it, and a decommissioning it caused
     * undone where no other recorded event keeps the unit out of circulation. False when the event
     * was declared before (the declaration is then a duplicate).
     */
    private boolean declare(Principal p, String party, Checked c) {
        EpcisEvent e = c.event();
        TraceStore.Stored target = store.stored(c.declares()).orElse(null);
        if (target == null || target.declared()) {
            return false;
        }
        JsonObject decl = e.errorDeclaration();
        Instant at = OffsetDateTime.parse(decl.getString("declarationTime")).toInstant();
        store.declare(target.hash(), at, e.hash(), decl.getString("reason"), decl);
        List<TraceStore.EventUnit> units = store.unitsOf(target.hash());
        for (TraceStore.EventUnit u : units) {
            store.declareUnitRow(u, target.hash());
        }
        JsonObject body = target.body();
        if ("AggregationEvent".equals(target.type()) && body.getValue("parentID") instanceof String parentEpc) {
            UnitRef parent = resolveQuietly(parentEpc);
            if (parent != null) {
                store.declareHistory(parent, target.eventTime(), target.hash());
                if (!"OBSERVE".equals(body.getString("action"))) {
                    for (TraceStore.EventUnit u : units) {
                        if (!u.ref().equals(parent)) {
                            Optional<Containment.Holder> h = containment.containerAt(u.ref(), Containment.NOW_AND_LATER);
                            store.place(u.ref(), u.ref().urn(), h.orElse(null));
                        }
                    }
                }
            }
        }
        String step = body.getValue("bizStep") instanceof String s ? s : null;
        String disp = body.getValue("disposition") instanceof String s ? s : null;
        if ("ObjectEvent".equals(target.type()) && decommissions(step, disp)) {
            for (TraceStore.EventUnit u : units) {
                boolean stillOut = store.unitEvents(u.ref()).stream().anyMatch(r -> !r.declared()
                        && !r.eventId().equals(target.hash()) && "ObjectEvent".equals(r.eventType())
                        && decommissions(r.bizStep(), r.disposition()));
                if (!stillOut) {
                    activation.undoDecommission(party, u.ref().batchId(), u.ref().serial(), "errorDeclaration of event "
                            + target.hash() + " by " + party);
                }
            }
        }
        UnitRef first = units.isEmpty() ? null : units.get(0).ref();
        // an audit line only: what verification caches (a unit's state) was published by undoDecommission
        changes.audit(p.userId(), "trace.error-declared", first == null ? Invalidation.of(Invalidation.Kind.LICENSEE,
                target.ownerId()).encode() : Invalidation.mark(first.batchId(), first.serial()).encode(), "event " + target.hash() + " ("
                + target.type() + ") declared in error by " + party + (decl.getString("reason") == null ? ""
                : ", reason " + decl.getString("reason")) + "; " + units.size() + " item(s)");
        return true;
    }

    private UnitRef resolveQuietly(String epc) {
        try {
            return epcs.parse(epc);
        } catch (EpcisException e) {
            return null;
        }
    }

    /**
     * Refuses an event of {@code sender} on a mark or product of {@code owner} unless {@code owner}
     * declared it a partner (NOT_YOUR_MARK), it is not blacklisted (PARTNER_BLACKLISTED), the
     * partnership is neither withdrawn nor expired (PARTNERSHIP_ENDED) and covers the event's time
     * (OUTSIDE_PARTNERSHIP_PERIOD). A resent event is only checked for the declaration.
     */
    private void requirePartnership(String sender, String owner, String what, EpcisEvent e, Instant now, Seen seen, boolean resent) {
        Partners.Partner x = seen.partnerships.computeIfAbsent(owner, o -> partners.partnership(o, sender)).orElseThrow(() ->
                new EpcisException("NOT_YOUR_MARK", what + " belongs to licensee " + owner
                        + ", which has not declared " + sender + " as a partner"));
        if (resent) {
            return;
        }
        if (seen.blacklisted == null) {
            seen.blacklisted = partners.blacklisted(sender);
        }
        if (seen.blacklisted) {
            throw new EpcisException("PARTNER_BLACKLISTED", "licensee " + sender + " is on the programme's blacklist; "
                    + "it may not record supply-chain events for " + owner + "'s marks while it is");
        }
        if (x.withdrawnAt() != null) {
            throw new EpcisException("PARTNERSHIP_ENDED", "licensee " + owner + "'s partnership with " + sender + " was withdrawn on "
                    + x.withdrawnAt() + " (" + x.withdrawnReason() + "); " + sender + " may no longer record events for its marks");
        }
        if (x.validUntil() != null && !now.isBefore(x.validUntil())) {
            throw new EpcisException("PARTNERSHIP_ENDED", "licensee " + owner + "'s partnership with " + sender + " ended on "
                    + x.validUntil() + "; " + owner + " may declare it again with a new period");
        }
        if (!x.covers(e.eventTime())) {
            throw new EpcisException("OUTSIDE_PARTNERSHIP_PERIOD", "eventTime " + e.eventTime() + " is outside " + sender
                    + "'s partnership with licensee " + owner + " (" + x.period() + "); events dated outside it are refused");
        }
    }

    private void apply(Checked c, String party) {
        EpcisEvent e = c.event();
        Set<Integer> batchesTouched = new LinkedHashSet<>();
        switch (e.type()) {
            case ObjectEvent, TransactionEvent -> {
                boolean outOfCirculation = decommissions(e);
                List<String> named = e.type() == EpcisEvent.Type.ObjectEvent ? e.epcList() : e.allEpcs();
                for (String epc : named) {
                    UnitRef u = c.refs().get(epc);
                    if (u == null) {
                        continue;
                    }
                    store.unitEvent(u, e, party, null);
                    batchesTouched.add(u.batchId());
                    if (outOfCirculation) {
                        activation.decommission(party, u.batchId(), u.serial(), e.bizStep() + "/" + e.disposition());
                    }
                    for (Map.Entry<UnitRef, String> inside : containment.heldAt(u, epc, e.eventTime()).entrySet()) {
                        store.unitEvent(inside.getKey(), e, party, inside.getValue());
                        batchesTouched.add(inside.getKey().batchId());
                        if (outOfCirculation) {
                            activation.decommission(party, inside.getKey().batchId(), inside.getKey().serial(),
                                    e.bizStep() + "/" + e.disposition() + " via " + epc);
                        }
                    }
                }
            }
            case AggregationEvent -> aggregate(c, party, batchesTouched);
            case TransformationEvent, AssociationEvent -> {
                // a transformation's inputs and outputs, an association's parent and children: each
                // mark's own path; an association is not a packing (via_parent stays empty)
                for (Map.Entry<String, UnitRef> m : c.refs().entrySet()) {
                    store.unitEvent(m.getValue(), e, party, null);
                    batchesTouched.add(m.getValue().batchId());
                }
            }
        }
        if (e.bizLocation() != null) {
            for (int b : batchesTouched) {
                store.location(b, e.bizLocation(), e.eventTime(), e.bizStep());
            }
        }
    }

    private void aggregate(Checked c, String party, Set<Integer> batchesTouched) {
        EpcisEvent e = c.event();
        UnitRef parent = e.parentId() == null ? null : c.refs().get(e.parentId());
        if (parent != null) {
            store.unitEvent(parent, e, party, null);
            batchesTouched.add(parent.batchId());
        }
        Map<String, UnitRef> children = new LinkedHashMap<>();
        if (parent != null && e.action() == EpcisEvent.Action.DELETE && e.childEpcs().isEmpty() && e.quantities().isEmpty()) {
            // EPCIS: a DELETE without childEPCs unpacks everything the parent held (at the event's time)
            containment.childrenAt(parent, e.eventTime()).forEach((ref, epc) -> children.put(epc, ref));
        } else {
            e.childEpcs().forEach(epc -> children.put(epc, c.refs().get(epc)));
        }
        for (Map.Entry<String, UnitRef> ch : children.entrySet()) {
            UnitRef child = ch.getValue();
            store.unitEvent(child, e, party, e.parentId());
            if (parent != null && e.action() != EpcisEvent.Action.OBSERVE) {
                // the current tables follow the replayed history, so a late packing or unpacking
                // does not undo one that happened after it
                store.place(child, ch.getKey(), containment.containerAt(child, Containment.NOW_AND_LATER).orElse(null));
            }
            batchesTouched.add(child.batchId());
        }
        if (parent != null && (!children.isEmpty() || e.quantities().isEmpty())) {
            store.history(parent, e, List.copyOf(children.keySet()));
        }
    }
}
