package org.markauth.issuer.trace;

import org.markauth.registry.BatchState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.activation.Activation;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;

/**
 * Reads traces and exports EPCIS documents. A unit's path is one partition read
 * ({@code events_by_unit}); contents and container are one each; scans come from verify-api's
 * scan log ({@code scan_log}), in the minutes of the unit's first and latest scan as its summary
 * ({@code scan_summaries}) names them. Calls block on Cassandra.
 */
public final class TraceQuery {

    static final int SCANS = 50;
    static final int MAX_EXPORT_DAYS = 31;

    private final TraceStore store;
    private final BatchStore batches;
    private final Registry registry;
    private final Activation activation;
    private final Epcs epcs;
    private final Clock clock;

    public TraceQuery(TraceStore store, BatchStore batches, Registry registry, Activation activation, Epcs epcs, Clock clock) {
        this.store = store;
        this.batches = batches;
        this.registry = registry;
        this.activation = activation;
        this.epcs = epcs;
        this.clock = clock;
    }

    public Trace trace(Principal p, String epc) {
        UnitRef u = epcs.parseNamed(epc);
        Batch b;
        try {
            b = readable(p, u);
        } catch (IssuerException.NotFound e) {
            throw new IssuerException.NotFound("mark", epc);   // as the caller named it: a GS1 key reveals no batch id
        }
        Product pr = registry.findProduct(b.productId()).orElse(null);
        Licensee l = registry.findLicensee(b.licenseeId()).orElse(null);
        String notice = b.state() == BatchState.RECALLED ? recallNotice(b.batchId()) : null;
        Trace.Origin origin = new Trace.Origin(u.urn(), u.batchId(), u.serialHex(), b.productId(), pr == null ? null : pr.name(),
                b.licenseeId(), l == null ? null : l.name(), b.lot(), b.lineId(), b.productionDate(), b.expiryDate(),
                b.createdAt(), b.state().name(), notice, epcs.gs1Forms(u));
        List<TraceStore.UnitEvent> rows = store.unitEvents(u);
        Map<String, TraceStore.Stored> events = store.stored(rows.stream().map(TraceStore.UnitEvent::eventId).toList());
        List<Trace.Step> path = new ArrayList<>();
        List<Trace.Step> counting = new ArrayList<>();
        for (TraceStore.UnitEvent e : rows) {
            TraceStore.Stored st = events.get(e.eventId());
            Trace.Declared declared = null;
            if (e.declared() || (st != null && st.declared())) {
                declared = st == null ? new Trace.Declared(null, null, List.of(), null) : declared(st);
            }
            JsonObject body = st == null ? null : st.body().copy();
            if (body != null && st.recordTime() != null) {
                body.put("recordTime", st.recordTime().toString());
            }
            String own = body != null && body.getValue("eventID") instanceof String id ? id : e.eventId();
            Trace.Step step = new Trace.Step(e.eventTime(), e.eventType(), e.action(), e.bizStep(), e.disposition(), e.party(),
                    e.bizLocation(), e.readPoint(), e.viaParent(), own, e.eventId(), declared, body);
            path.add(step);
            if (declared == null) {
                counting.add(step);
            }
        }
        String holder = null;
        String state = b.state() == BatchState.RECALLED ? "recalled" : counting.isEmpty() ? "not yet recorded" : "active";
        if (!counting.isEmpty()) {
            Trace.Step last = counting.get(counting.size() - 1);
            holder = last.party();
            if (last.disposition() != null && b.state() != BatchState.RECALLED) {
                state = last.disposition();
            }
            if ("in_transit".equals(last.disposition())) {
                holder = "in transit from " + last.party() + destination(last);
            } else if ("retail_sold".equals(last.disposition()) || "sold".equals(last.disposition())) {
                holder = "consumer (sold by " + last.party() + ")";
            }
        }
        List<Trace.Content> contents = new ArrayList<>();
        Gs1Marks.Former gs1 = epcs.gs1Former();
        for (TraceStore.Child c : store.children(u)) {
            contents.add(new Trace.Content(c.epc(), c.ref().urn(), unitState(c.ref()), gs1.forms(c.ref())));
        }
        Optional<TraceStore.Parent> parent = store.parent(u);
        String container = parent.map(TraceStore.Parent::epc).orElse(null);
        List<Trace.Scan> scans = store.scans(u, SCANS).stream()
                .map(s -> new Trace.Scan(s.at(), s.verdict(), s.place(), s.channel())).toList();
        return new Trace(origin, path, holder, state, container, contents, scans,
                parent.map(x -> gs1.forms(x.ref())).orElse(null));
    }

    private static Trace.Declared declared(TraceStore.Stored st) {
        List<String> corrective = new ArrayList<>();
        if (st.declaration() != null && st.declaration().getValue("correctiveEventIDs") instanceof JsonArray ids) {
            ids.forEach(x -> corrective.add(String.valueOf(x)));
        }
        return new Trace.Declared(st.declaredAt(), st.declaredReason(), corrective, st.declaredBy());
    }

    /**
     * The state verification would give a unit, in the verifier's precedence (VerdictPolicy): its
     * own or its range's state (VOIDED, DECOMMISSIONED, NOT_ACTIVATED) first, then a recall.
     */
    String unitState(UnitRef u) {
        Batch b = batches.batch(u.batchId()).orElse(null);
        if (b == null) {
            return "UNKNOWN_SERIAL";
        }
        return store.seq(u).flatMap(seq -> activation.effectiveStatus(u.batchId(), seq, b.state() == BatchState.RECALLED))
                .map(Enum::name).orElse("UNKNOWN_SERIAL");
    }

    /** " to <party>" when the shipment named a programme party in its destinationList (one body read), else "". */
    private String destination(Trace.Step last) {
        if (Custody.kindOf(last.bizStep(), last.disposition()) != Custody.Kind.IN_TRANSIT) {
            return "";
        }
        String to = last.event() == null ? null : Custody.destinationOrNull(last.event());
        return to == null ? "" : " to " + to;
    }

    private String recallNotice(int batchId) {
        return store.recallNotice(batchId);
    }

    /** An EPCIS document of every event in a unit's path (including those recorded on its containers). */
    public JsonObject exportUnit(Principal p, String epc) {
        UnitRef u = epcs.parse(epc);
        readable(p, u);
        Set<String> ids = new LinkedHashSet<>();
        store.unitEvents(u).forEach(e -> ids.add(e.eventId()));
        return document(ids);
    }

    /** An EPCIS document of a licensee's events with event times on days {@code from}..{@code to} (UTC). */
    public JsonObject exportPeriod(Principal p, String licenseeId, LocalDate from, LocalDate to) {
        Permissions.requireRead(p, "supply-chain events", licenseeId);
        if (to.isBefore(from) || from.plusDays(MAX_EXPORT_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("export covers 1 to " + MAX_EXPORT_DAYS + " days; got " + from + " to " + to
                    + "; export longer periods month by month");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            ids.addAll(store.ownerDayEvents(licenseeId, d));
        }
        return document(ids);
    }

    private JsonObject document(Set<String> ids) {
        List<JsonObject> bodies = new ArrayList<>();
        for (String id : ids) {
            store.body(id).ifPresent(bodies::add);
        }
        return EpcisDocuments.write(bodies, clock.instant());
    }

    private Batch readable(Principal p, UnitRef u) {
        Batch b = batches.batch(u.batchId()).orElseThrow(() -> new IssuerException.NotFound("mark", u.urn()));
        if (!store.markExists(u)) {
            throw new IssuerException.NotFound("mark", u.urn());
        }
        if (p.role() == Role.MANUFACTURER) {
            Permissions.requireOwnOrHidden(p, true, b.licenseeId(), "mark", u.urn());
        } else {
            Permissions.requireRole(p, "read traces", Role.REGULATOR, Role.OFFICER);
        }
        return b;
    }
}
