package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.REGULATOR;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.audit.AuditEntry;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.registry.Product;

/**
 * A declared partner acts only on the marks it holds per the trace, within its partnership, and
 * never while blacklisted; the licensee keeps its rights. Against the real Cassandra node: every
 * refusal is checked to leave the unit as verification sees it (ACTIVE).
 */
class CustodyIT {

    static IssuerFixture fx;
    static IssuerServices trace;
    static final String OWNER = "CMAKER";
    static final Principal MAKER = Principal.manufacturer("line-1", OWNER);
    static Product product;
    static int orders;
    static int partners;

    record Units(Batch batch, List<Long> serials) {
        String urn(int i) {
            return ref(i).urn();
        }

        UnitRef ref(int i) {
            return new UnitRef(batch.batchId(), serials.get(i));
        }
    }

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_custody_it");
        fx.services.keys.rotate(REGULATOR, null);
        fx.licensee(OWNER);
        product = fx.licensedProduct(OWNER);
        trace = fx.services;
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    /** A fresh licensee declared by the maker as a partner since a month ago (open-ended); its principal. */
    static Principal partner(String role) {
        String id = "CP" + (partners++);
        fx.licensee(id);
        trace.partners.declare(MAKER, OWNER, id, role, fx.clock.instant().minus(Duration.ofDays(30)), null);
        return Principal.manufacturer("staff-" + id, id);
    }

    static String id(Principal p) {
        return p.licenseeId().orElseThrow();
    }

    static Units issue(int n) {
        Batch b = fx.services.batches.order(MAKER, new BatchOrder(product.productId(), n, "LOT-C", LocalDate.of(2026, 11, 1),
                LocalDate.of(2028, 11, 1), "LINE-C", "custody-" + (orders++))).batch();
        List<Long> serials = new ArrayList<>();
        fx.services.batches.issue(b, c -> {
            for (long s : c.serials()) {
                serials.add(s);
            }
        }, (d, t) -> { });
        fx.services.activation.activateRange(MAKER, b.batchId(), 1, n);
        fx.clock.advance(Duration.ofDays(3));     // events happen after the order
        return new Units(b, serials);
    }

    static String at(Duration ago) {
        return fx.clock.instant().minus(ago).atOffset(ZoneOffset.ofHours(8)).toString();
    }

    static Duration h(int hours) {
        return Duration.ofHours(hours);
    }

    static JsonObject object(Duration ago, String bizStep, String disposition, String... epcs) {
        return new JsonObject().put("type", "ObjectEvent").put("eventTime", at(ago)).put("eventTimeZoneOffset", "+08:00")
                .put("epcList", new JsonArray(List.of(epcs))).put("action", "OBSERVE").put("bizStep", bizStep)
                .put("disposition", disposition);
    }

    static JsonObject shipTo(Duration ago, Principal to, String... epcs) {
        return object(ago, "shipping", "in_transit", epcs).put("destinationList", new JsonArray().add(new JsonObject()
                .put("type", "urn:epcglobal:cbv:sdt:possessing_party").put("destination", "urn:markauth:party:" + id(to))));
    }

    static JsonObject aggregation(Duration ago, String action, String parent, String... children) {
        return new JsonObject().put("type", "AggregationEvent").put("eventTime", at(ago)).put("eventTimeZoneOffset", "+08:00")
                .put("parentID", parent).put("childEPCs", new JsonArray(List.of(children))).put("action", action)
                .put("bizStep", "ADD".equals(action) ? "packing" : "unpacking");
    }

    static Capture.Result send(Principal p, JsonObject... events) {
        return trace.capture.capture(p, EpcisDocuments.write(List.of(events), Instant.now()), Capture.Mode.ATOMIC);
    }

    static void accepted(Principal p, JsonObject... events) {
        Capture.Result r = send(p, events);
        assertThat(r.rejected()).as("rejected").isEmpty();
        assertThat(r.recorded()).hasSize(events.length);
    }

    /** The single refusal of a one-event document, as code and message. */
    static Capture.Rejected refused(Principal p, JsonObject event) {
        Capture.Result r = send(p, event);
        assertThat(r.committed()).isFalse();
        assertThat(r.rejected()).hasSize(1);
        return r.rejected().get(0);
    }

    /** {@code n} fresh units the maker shipped to {@code partner} 10 hours ago and it received an hour later. */
    static Units receivedBy(Principal partner, int n) {
        Units units = issue(n);
        String[] epcs = new String[n];
        for (int i = 0; i < n; i++) {
            epcs[i] = units.urn(i);
        }
        accepted(MAKER, shipTo(h(10), partner, epcs));
        accepted(partner, object(h(9), "receiving", "in_progress", epcs));
        return units;
    }

    /** The state verification gives the unit (effective state of the marks table, then the batch). */
    static String state(Units u, int i) {
        return trace.query.unitState(u.ref(i));
    }

    @Test
    void aPartnerCannotDestroySellOrUnpackWhatItNeverReceived() {
        Principal dist = partner("DISTRIBUTOR");
        Units units = issue(2);
        Units cases = issue(1);
        accepted(MAKER, aggregation(h(20), "ADD", cases.urn(0), units.urn(0), units.urn(1)));

        Capture.Rejected destroy = refused(dist, object(h(2), "destroying", "destroyed", units.urn(0)));
        assertThat(destroy.code()).isEqualTo("NOT_IN_CUSTODY");
        assertThat(destroy.message()).contains(units.urn(0), "not held by partner " + id(dist), "held by " + OWNER);
        assertThat(refused(dist, object(h(2), "retail_selling", "retail_sold", units.urn(1))).code()).isEqualTo("NOT_IN_CUSTODY");
        assertThat(refused(dist, aggregation(h(2), "DELETE", cases.urn(0))).code()).isEqualTo("NOT_IN_CUSTODY");
        // destroying the case would take both units out: refused the same way
        assertThat(refused(dist, object(h(2), "decommissioning", null, cases.urn(0))).code()).isEqualTo("NOT_IN_CUSTODY");
        // receiving what was never shipped to it does not give it custody either
        assertThat(refused(dist, object(h(3), "receiving", "in_progress", cases.urn(0))).code()).isEqualTo("NOT_SHIPPED_TO_PARTNER");

        // nothing reached the marks table: consumers still see a genuine, active unit
        assertThat(state(units, 0)).isEqualTo("ACTIVE");
        assertThat(state(units, 1)).isEqualTo("ACTIVE");
        assertThat(state(cases, 0)).isEqualTo("ACTIVE");
        assertThat(trace.query.trace(MAKER, units.urn(0)).path()).extracting(Trace.Step::bizStep).containsExactly("packing");
    }

    @Test
    void aPartnerActsOnWhatWasShippedToItOnceItReceivedIt() {
        Principal dist = partner("DISTRIBUTOR");
        Principal other = partner("DISTRIBUTOR");
        Units units = issue(3);
        Units cases = issue(1);
        String box = cases.urn(0);
        accepted(MAKER, aggregation(h(30), "ADD", box, units.urn(0), units.urn(1), units.urn(2)), shipTo(h(29), dist, box));

        // in transit: the destination may only receive it, and nobody else may receive it
        assertThat(refused(dist, object(h(28), "destroying", "destroyed", box)).code()).isEqualTo("NOT_IN_CUSTODY");
        Capture.Rejected wrong = refused(other, object(h(28), "receiving", "in_progress", box));
        assertThat(wrong.code()).isEqualTo("NOT_SHIPPED_TO_PARTNER");
        assertThat(wrong.message()).contains("in transit from " + OWNER + " to " + id(dist));

        // one document: receive the case, unpack it, sell a unit and destroy another; each event sees the ones before it
        accepted(dist, object(h(27), "receiving", "in_progress", box), aggregation(h(26), "DELETE", box),
                object(h(25), "retail_selling", "retail_sold", units.urn(0)), object(h(24), "destroying", "destroyed", units.urn(1)));
        assertThat(state(units, 1)).isEqualTo("DECOMMISSIONED");
        assertThat(state(units, 0)).isEqualTo("ACTIVE");
        assertThat(trace.query.trace(MAKER, units.urn(0)).holder()).isEqualTo("consumer (sold by " + id(dist) + ")");
        // a sold unit is no longer the partner's
        assertThat(refused(dist, object(h(23), "destroying", "destroyed", units.urn(0))).code()).isEqualTo("NOT_IN_CUSTODY");
    }

    @Test
    void aPartnerThatShippedAUnitOnCannotActOnItAgainNotEvenBackdated() {
        Principal dist = partner("DISTRIBUTOR");
        Principal shop = partner("RETAILER");
        Units units = issue(1);
        String unit = units.urn(0);
        accepted(MAKER, shipTo(h(40), dist, unit));
        accepted(dist, object(h(39), "receiving", "in_progress", unit), shipTo(h(30), shop, unit));

        assertThat(trace.query.trace(MAKER, unit).holder()).isEqualTo("in transit from " + id(dist) + " to " + id(shop));
        Capture.Rejected sell = refused(dist, object(h(20), "retail_selling", "retail_sold", unit));
        assertThat(sell.code()).isEqualTo("NOT_IN_CUSTODY");
        assertThat(sell.message()).contains("in transit from " + id(dist) + " to " + id(shop));
        // dated back to when it held the unit: the later shipment still stands in the way
        Capture.Rejected backdated = refused(dist, object(h(35), "destroying", "destroyed", unit));
        assertThat(backdated.code()).isEqualTo("NOT_IN_CUSTODY");
        assertThat(backdated.message()).contains("moved on", "shipping by " + id(dist));
        assertThat(state(units, 0)).isEqualTo("ACTIVE");

        accepted(shop, object(h(10), "receiving", "sellable_accessible", unit), object(h(9), "retail_selling", "retail_sold", unit));
        assertThat(trace.query.trace(MAKER, unit).holder()).isEqualTo("consumer (sold by " + id(shop) + ")");
    }

    @Test
    void aWithdrawnPartnershipStopsThePartnerAndIsAudited() {
        Principal dist = partner("DISTRIBUTOR");
        Units units = receivedBy(dist, 2);

        assertThatThrownBy(() -> trace.partners.withdraw(dist, OWNER, id(dist), "not mine"))
                .isInstanceOf(IssuerException.Forbidden.class);
        assertThatThrownBy(() -> trace.partners.withdraw(MAKER, OWNER, id(dist), " ")).isInstanceOf(IllegalArgumentException.class);
        Partners.Partner w = trace.partners.withdraw(MAKER, OWNER, id(dist), "contract terminated");
        assertThat(w.withdrawnAt()).isEqualTo(fx.clock.instant().truncatedTo(ChronoUnit.MILLIS));
        assertThat(trace.partners.status(w)).isEqualTo(Partners.Standing.WITHDRAWN);
        assertThat(trace.partners.list(MAKER, OWNER)).filteredOn(x -> x.partnerId().equals(id(dist)))
                .extracting(Partners.Partner::withdrawnReason).containsExactly("contract terminated");
        assertThat(fx.services.changes.entity("licensee:" + OWNER, 20)).extracting(AuditEntry::action, AuditEntry::detail)
                .contains(org.assertj.core.groups.Tuple.tuple("licensee.partner.withdraw", id(dist) + ": contract terminated"));
        assertThatThrownBy(() -> trace.partners.withdraw(REGULATOR, OWNER, id(dist), "again"))
                .isInstanceOfSatisfying(IssuerException.Conflict.class, e -> assertThat(e.code()).isEqualTo("ALREADY_WITHDRAWN"));

        // events dated while the partnership stood are refused too: it has ended
        Capture.Rejected r = refused(dist, object(h(5), "destroying", "destroyed", units.urn(0)));
        assertThat(r.code()).isEqualTo("PARTNERSHIP_ENDED");
        assertThat(r.message()).contains("withdrawn", "contract terminated");
        assertThat(state(units, 0)).isEqualTo("ACTIVE");

        // declared again: never backwards over the withdrawn interval (that reopened it to back-dated events)
        assertThatThrownBy(() -> trace.partners.declare(MAKER, OWNER, id(dist), "DISTRIBUTOR", fx.clock.instant().minus(h(6)), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withdrawal");
        trace.partners.declare(MAKER, OWNER, id(dist), "DISTRIBUTOR", fx.clock.instant(), null);
        assertThat(refused(dist, object(h(5), "destroying", "destroyed", units.urn(0))).code())
                .isIn("OUTSIDE_PARTNERSHIP_PERIOD", "PARTNERSHIP_ENDED");
        // from the renewal on, the partner holds what it held
        accepted(dist, object(Duration.ZERO, "destroying", "destroyed", units.urn(0)));
        assertThat(state(units, 0)).isEqualTo("DECOMMISSIONED");
    }

    @Test
    void aWithdrawalByTheOfficeIsLiftedOnlyByTheOffice() {
        Principal dist = partner("DISTRIBUTOR");
        trace.partners.withdraw(REGULATOR, OWNER, id(dist), "counterfeits traced to its depot");
        assertThatThrownBy(() -> trace.partners.declare(MAKER, OWNER, id(dist), "DISTRIBUTOR", null, null))
                .isInstanceOf(IssuerException.Forbidden.class).hasMessageContaining("programme office");
        assertThat(trace.partners.declare(REGULATOR, OWNER, id(dist), "DISTRIBUTOR", null, null).withdrawnAt()).isNull();
    }

    @Test
    void aBlacklistedPartnerRecordsNothing() {
        Principal dist = partner("DISTRIBUTOR");
        Units units = receivedBy(dist, 1);

        fx.services.registry.setBlacklisted(REGULATOR, id(dist), true, "counterfeits found in its depot");
        Capture.Rejected r = refused(dist, object(h(5), "destroying", "destroyed", units.urn(0)));
        assertThat(r.code()).isEqualTo("PARTNER_BLACKLISTED");
        assertThat(r.message()).contains(id(dist), "blacklist");
        assertThat(state(units, 0)).isEqualTo("ACTIVE");

        fx.services.registry.setBlacklisted(REGULATOR, id(dist), false, "cleared after inspection");
        accepted(dist, object(h(5), "destroying", "destroyed", units.urn(0)));
        assertThat(state(units, 0)).isEqualTo("DECOMMISSIONED");
    }

    @Test
    void eventsOutsideThePartnershipsPeriodAreRefusedAndAnExpiredOneEndsIt() {
        String id = "CPERIOD";
        fx.licensee(id);
        Principal shop = Principal.manufacturer("till-9", id);
        Units units = issue(1);
        Instant now = fx.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        assertThatThrownBy(() -> trace.partners.declare(MAKER, OWNER, id, "RETAILER", now.minus(h(10)), now.minus(h(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validUntil");
        Partners.Partner x = trace.partners.declare(MAKER, OWNER, id, "RETAILER", now.minus(h(10)), now.plus(Duration.ofDays(1)));
        assertThat(trace.partners.status(x)).isEqualTo(Partners.Standing.ACTIVE);
        accepted(MAKER, shipTo(h(20), shop, units.urn(0)));

        Capture.Rejected before = refused(shop, object(h(12), "receiving", "in_progress", units.urn(0)));
        assertThat(before.code()).isEqualTo("OUTSIDE_PARTNERSHIP_PERIOD");
        assertThat(before.message()).contains("from " + now.minus(h(10)), "until " + now.plus(Duration.ofDays(1)));
        accepted(shop, object(h(8), "receiving", "in_progress", units.urn(0)));

        fx.clock.advance(Duration.ofDays(2));
        Capture.Rejected expired = refused(shop, object(Duration.ofDays(2).plus(h(4)), "retail_selling", "retail_sold", units.urn(0)));
        assertThat(expired.code()).isEqualTo("PARTNERSHIP_ENDED");
        assertThat(expired.message()).contains("ended on " + now.plus(Duration.ofDays(1)));
        assertThat(state(units, 0)).isEqualTo("ACTIVE");
    }

    @Test
    void theLicenseeKeepsItsRightsOverUnitsAPartnerHoldsAndTheAuditSaysSo() {
        Principal dist = partner("DISTRIBUTOR");
        Units units = receivedBy(dist, 1);

        accepted(MAKER, object(h(5), "destroying", "destroyed", units.urn(0)));
        assertThat(state(units, 0)).isEqualTo("DECOMMISSIONED");
        assertThat(fx.services.changes.entity("mark:" + units.ref(0), 10)).extracting(AuditEntry::action)
                .contains("trace.decommission-elsewhere");
        assertThat(fx.services.changes.entity("mark:" + units.ref(0), 10)).extracting(AuditEntry::detail)
                .anySatisfy(d -> assertThat(d).contains("held by " + id(dist)));
    }

    @Test
    void aResentDocumentIsADuplicateNotARefusal() {
        Principal dist = partner("DISTRIBUTOR");
        Principal shop = partner("RETAILER");
        Units units = issue(1);
        accepted(MAKER, shipTo(h(10), dist, units.urn(0)));
        JsonObject receive = object(h(9), "receiving", "in_progress", units.urn(0));
        accepted(dist, receive);
        accepted(dist, shipTo(h(8), shop, units.urn(0)));
        // judged again today the receiving would be refused (the unit moved on); resent, it is a duplicate
        Capture.Result again = send(dist, receive);
        assertThat(again.rejected()).isEmpty();
        assertThat(again.duplicates()).hasSize(1);
    }

    @Test
    void aMalformedDestinationListIsRefused() {
        Units units = issue(1);
        JsonObject bad = object(h(1), "shipping", "in_transit", units.urn(0)).put("destinationList", new JsonArray().add("CPX"));
        assertThat(refused(MAKER, bad).code()).isEqualTo("MALFORMED_EVENT");
    }
}
