package org.markauth.issuer.trace;

import org.markauth.issuer.IssuerServices;
import org.markauth.issuer.recall.Recalls;
import org.markauth.sdk.mark.MarkCodec;

/**
 * The traceability features wired over the issuer's services (kept apart from
 * {@link IssuerServices} so the two grow independently): partners, EPCIS capture, trace queries
 * and recalls. Construction prepares statements (blocking).
 */
public final class TraceServices {

    public final Partners partners;
    public final Capture capture;
    public final TraceQuery query;
    public final Recalls recalls;

    public TraceServices(IssuerServices s) {
        TraceStore store = new TraceStore(s.session);
        Epcs epcs = new Epcs(MarkCodec.create(s.settings.keys().trustHosts()));
        this.partners = new Partners(store, s.registry, s.changes, s.clock);
        this.capture = new Capture(store, s.batchStore, partners, epcs, s.activation, s.changes, s.clock);
        this.query = new TraceQuery(store, s.batchStore, s.registry, s.activation, epcs, s.clock);
        this.recalls = new Recalls(s.session, s.batchStore, s.registry, s.changes, s.clock);
    }
}
