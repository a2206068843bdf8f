package org.markauth.verify.verify;

import org.markauth.registry.UnitState;
import org.markauth.registry.LicenceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.markauth.sdk.mark.MalformedReason;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.LicenseeView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.scan.PriorScans;

/**
 * The answer to one scan with everything the page, the JSON and the officer need: the verdict
 * code, the parsed mark (null when the text did not parse), what the registry holds (each null
 * when unknown or not looked up), the code's scan history before this scan, and the rules that
 * fired. {@code trusted} is false when the mark's signature did not verify: its ids are a claim.
 * {@code reason} is set for, and only for, MALFORMED; {@code host} is the scanned host of a FOREIGN
 * code (docs/mark-format.md section 8 requires both in the answer).
 */
public record Verification(VerdictCode code, Instant at, SignedMark mark, boolean trusted, MarkRow unit,
                           BatchView batch, ProductView product, LicenseeView licensee, PriorScans prior,
                           List<RuleHit> hits, String detail, MalformedReason reason, String host) {

    /** The {@code detail} of a verdict given from the signature alone because the registry could not be read. */
    public static final String REGISTRY_UNREAD = "registry unavailable: signature checked, state not checked";

    public Verification {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(at, "at");
        prior = prior == null ? PriorScans.UNKNOWN : prior;
        hits = List.copyOf(hits);
        if ((code == VerdictCode.MALFORMED) != (reason != null)) {
            throw new IllegalArgumentException("a MALFORMED verification needs a reason, and only it");
        }
    }

    /** A verification of a code that parsed (neither MALFORMED nor FOREIGN). */
    public Verification(VerdictCode code, Instant at, SignedMark mark, boolean trusted, MarkRow unit, BatchView batch,
                        ProductView product, LicenseeView licensee, PriorScans prior, List<RuleHit> hits, String detail) {
        this(code, at, mark, trusted, unit, batch, product, licensee, prior, hits, detail, null, null);
    }

    /**
     * Whether the unit was made while licensed: judged at its activation (when the line put it on
     * goods), not at the batch's order, against the licence's validity and status history.
     */
    public boolean madeWhileLicensed() {
        return product != null && product.licensedAt(activatedAt());
    }

    /**
     * When the unit was activated, or null: the range in force over its sequence if that is an
     * ACTIVATE, or its own ACTIVE override — the earlier of the two, since a unit listed again after
     * its range activated it was on goods from the range on.
     */
    public Instant activatedAt() {
        if (unit == null || batch == null) {
            return null;
        }
        Instant range = batch.activatedAt(unit.seq()).orElse(null);
        Instant own = unit.state() == UnitState.ACTIVE ? unit.stateAt() : null;
        return range == null ? own : own == null || range.isBefore(own) ? range : own;
    }

    /** The licence status in force when the scan was checked (EXPIRED once validUntil has passed), or null. */
    public LicenceStatus licenceStatus() {
        return product == null ? null : product.licenceStatusAt(at);
    }

    /** The verdict is the signature's alone: the registry could not be read (see VerificationService). */
    public boolean registryUnread() {
        return REGISTRY_UNREAD.equals(detail);
    }

    public Verification withRules(VerdictCode newCode, PriorScans newPrior, List<RuleHit> newHits) {
        return new Verification(newCode, at, mark, trusted, unit, batch, product, licensee, newPrior, newHits, detail,
                reason, host);
    }
}
