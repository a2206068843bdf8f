package org.markauth.issuer.trace;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The full record of one marked item for officers and the owning manufacturer: where it comes
 * from, every supply-chain event in time order, who holds it now and in what state, what it
 * contains (a case lists and verifies its units), what holds it, and its latest scans.
 */
public record Trace(Origin origin, List<Step> path, String holder, String state, String container,
                    List<Content> contents, List<Scan> scans, Gs1Marks.Forms containerGs1) {

    /** {@code gs1}: the item's GS1 forms (SGTIN, Digital Link, SSCC), null when it has none. */
    public record Origin(String urn, int batchId, String serialHex, int productId, String productName, String licenseeId,
                         String licenseeName, String lot, String lineId, LocalDate productionDate, LocalDate expiryDate,
                         Instant orderedAt, String batchState, String recallNotice, Gs1Marks.Forms gs1) {
    }

    /**
     * One event of the path. {@code eventId} is the event's own eventID (the sender's, else its hash),
     * {@code eventHash} its CBV 2.0 hash; {@code event} the event as stored (every field: quantities,
     * business transactions, sources and destinations, sensor data, ILMD, extensions; null if it
     * could not be read); {@code declared} is set when the event was declared in error, and such a
     * step no longer counts for holder and state.
     */
    public record Step(Instant time, String type, String action, String bizStep, String disposition, String party,
                       String bizLocation, String readPoint, String viaParent, String eventId, String eventHash,
                       Declared declared, io.vertx.core.json.JsonObject event) {
    }

    /** An errorDeclaration recorded for an event (EPCIS 2.0 section 7.4.1.2). */
    public record Declared(Instant at, String reason, List<String> correctiveEventIds, String declaredBy) {
    }

    /** A unit inside this container and its state as verification sees it (ACTIVE, VOIDED, RECALLED ...). */
    public record Content(String epc, String urn, String state, Gs1Marks.Forms gs1) {
    }

    public record Scan(Instant at, String verdict, String place, String channel) {
    }
}
