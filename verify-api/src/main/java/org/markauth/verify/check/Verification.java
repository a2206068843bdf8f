package org.markauth.verify.check;

import org.markauth.registry.CertificateStatus;
import org.markauth.registry.LicenceStatus;
import org.markauth.registry.UnitState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.markauth.sdk.mark.MalformedReason;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.verify.Verdict;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.CertificateView;
import org.markauth.verify.registry.LicenseeView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.scan.PriorScans;

/**
 * The answer to one scan, as one of three kinds, with everything the page, the JSON and the
 * officer need for that kind: {@link Rejected} (the signature did not verify: the code's ids are a
 * claim, never looked up), {@link SignatureOnly} (the signature verified but the registry could not
 * be read: the verdict is the signature's alone) and {@link Checked} (the registry was read, and
 * what it holds decided). Callers switch on the kind.
 */
public sealed interface Verification permits Verification.Rejected, Verification.SignatureOnly, Verification.Checked {

    VerdictCode code();

    /** When the scan was checked. */
    Instant at();

    /** The rules that fired on this scan; only a checked unit is counted, so only it can have any. */
    default List<RuleHit> hits() {
        return List.of();
    }

    /** The code's scans before this one; only a checked unit's are known. */
    default PriorScans prior() {
        return PriorScans.UNKNOWN;
    }

    /**
     * The signature check failed (FORGED, MALFORMED, FOREIGN, UNKNOWN_KEY…): {@code offline} is the
     * SDK's verdict, whose mark (if the text parsed) is a forger's words.
     */
    record Rejected(Verdict offline, Instant at) implements Verification {
        public Rejected {
            Objects.requireNonNull(offline, "offline");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public VerdictCode code() {
            return offline.code();
        }

        /** Why a MALFORMED code is malformed, else null (docs/mark-format.md section 8 requires it in the answer). */
        public MalformedReason reason() {
            return offline.reason();
        }

        /** The scanned host of a FOREIGN code, else null (the same section requires it too). */
        public String host() {
            return offline.code() == VerdictCode.FOREIGN ? offline.details().get("host") : null;
        }
    }

    /**
     * The signature verified, the registry could not be read (see VerificationService): the
     * consumer learns the mark was issued by the programme and that its state could not be checked.
     */
    record SignatureOnly(VerdictCode code, Instant at, SignedMark mark, String why) implements Verification {
        public SignatureOnly {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(mark, "mark");
        }
    }

    /**
     * The signature verified and the registry answered. {@code unit}, {@code batch}, {@code product}
     * and {@code licensee} are what it holds, each null when it holds none (an unknown serial, a
     * batch never issued); {@code prior} and {@code hits} are the clone counters' and rules' findings
     * (only for a known unit). {@code certificate} is the licence certificate when the mark is one
     * (its batch names it, docs/certificates.md), else null; a certificate is never counted or ruled.
     */
    record Checked(VerdictCode code, Instant at, SignedMark mark, MarkRow unit, BatchView batch, ProductView product,
                   LicenseeView licensee, PriorScans prior, List<RuleHit> hits, CertificateView certificate) implements Verification {

        /** A product unit's answer (no certificate). */
        public Checked(VerdictCode code, Instant at, SignedMark mark, MarkRow unit, BatchView batch, ProductView product,
                       LicenseeView licensee, PriorScans prior, List<RuleHit> hits) {
            this(code, at, mark, unit, batch, product, licensee, prior, hits, null);
        }

        public Checked {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(mark, "mark");
            prior = prior == null ? PriorScans.UNKNOWN : prior;
            hits = List.copyOf(hits);
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

        public Checked withRules(VerdictCode newCode, PriorScans newPrior, List<RuleHit> newHits) {
            return new Checked(newCode, at, mark, unit, batch, product, licensee, newPrior, newHits, certificate);
        }

        /** What the certificate says now, or null when the mark is no certificate. */
        public CertificateStatus certificateStatus() {
            return certificate == null ? null : certificate.status(product, licensee, at);
        }
    }
}
