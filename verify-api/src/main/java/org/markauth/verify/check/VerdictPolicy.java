package org.markauth.verify.check;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.LicenseeView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.registry.RegistryException;

/**
 * The online verdict of a mark whose signature verified, as a pure function of the registry rows.
 * Precedence, most specific first: unknown serial; revoked key; the unit's own state (voided,
 * decommissioned, never activated); batch recall; <b>block</b> (CLONED, see {@link #blocked}); licensee
 * blacklist and licence status (revoked, suspended, expired — by status or by validUntil passed);
 * product expiry; genuine. Clone suspicion is layered on top by the rules (only over GENUINE).
 *
 * <p>Why the block sits there: the verdicts before it describe this unit's own record (never issued,
 * key revoked, voided, decommissioned, not activated) or a safety action (recall) and already tell
 * the buyer not to trust or use it; everything after it (licence, expiry) describes a real product,
 * and saying it of a copy would vouch for the copy. So a blocked code answers CLONED over licence
 * states and GENUINE, and leaves the unit-state and recall verdicts as they are.
 *
 * <p>Rows that contradict each other (a batch whose product or licence is missing) are no verdict
 * at all: the policy throws {@link RegistryException}, answered UNAVAILABLE, rather than tell a
 * consumer the licence was revoked when the registry merely could not be read completely.
 */
public final class VerdictPolicy {

    private VerdictPolicy() {
    }

    /** The verdict and a short machine detail (e.g. which state or why), never null. */
    public record Decision(VerdictCode code, String detail) {
    }

    /** @throws RegistryException when the batch's product or its licence is missing (no verdict can be given) */
    public static Decision decide(VerdictCode offline, MarkContent content, MarkRow unit, BatchView batch,
                                  ProductView product, LicenseeView licensee, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (unit == null || batch == null || batch.productId() != content.productId()) {
            return new Decision(VerdictCode.UNKNOWN_SERIAL, unit == null ? "no such serial in batch " + content.batchId()
                    : batch == null ? "no such batch" : "batch belongs to another product");
        }
        if (offline == VerdictCode.KEY_REVOKED) {
            return new Decision(VerdictCode.KEY_REVOKED, "signing key revoked");
        }
        if ("VOIDED".equals(unit.state())) {
            return new Decision(VerdictCode.VOIDED, "unit voided");
        }
        if ("DECOMMISSIONED".equals(unit.state())) {
            return new Decision(VerdictCode.DECOMMISSIONED, "unit decommissioned");
        }
        if (!"ACTIVE".equals(unit.state())) {
            String action = batch.latestActionFor(unit.seq()).orElse(null);
            if ("VOID".equals(action)) {
                return new Decision(VerdictCode.VOIDED, "range voided");
            }
            if (!"ACTIVATE".equals(action)) {
                return new Decision(VerdictCode.NOT_ACTIVATED, "seq " + unit.seq() + " never activated");
            }
        }
        if (batch.recalled()) {
            return new Decision(VerdictCode.RECALLED, "batch recalled");
        }
        if (licensee != null && licensee.blacklisted()) {
            return new Decision(VerdictCode.LICENCE_REVOKED, "licensee blacklisted");
        }
        if (product == null || product.licenceStatus() == null) {
            // the batch names a product the registry shows without it or its licence: not a revocation
            throw RegistryException.incomplete("batch " + batch.batchId() + " of product " + content.productId() + " found "
                    + (product == null ? "no products row" : "no licence"));
        }
        if ("REVOKED".equals(product.licenceStatus())) {
            return new Decision(VerdictCode.LICENCE_REVOKED, "licence revoked");
        }
        if ("SUSPENDED".equals(product.licenceStatus())) {
            return new Decision(VerdictCode.LICENCE_SUSPENDED, "licence suspended");
        }
        if ("EXPIRED".equals(product.licenceStatusAt(now))) {
            return new Decision(VerdictCode.LICENCE_EXPIRED, "licence expired " + product.licenceSinceAt(now));
        }
        if (batch.expiryDate() != null && batch.expiryDate().isBefore(today)) {
            return new Decision(VerdictCode.EXPIRED, "product expired " + batch.expiryDate());
        }
        return new Decision(VerdictCode.GENUINE, "");
    }

    /** Verdicts that stand even for a blocked code (they precede the block, see the class comment). */
    private static final java.util.Set<VerdictCode> BEFORE_BLOCK = java.util.EnumSet.of(VerdictCode.UNKNOWN_SERIAL,
            VerdictCode.KEY_REVOKED, VerdictCode.VOIDED, VerdictCode.DECOMMISSIONED, VerdictCode.NOT_ACTIVATED,
            VerdictCode.RECALLED);

    /** True when a block changes this verdict to CLONED (so an automatic block is worth writing). */
    public static boolean blockable(VerdictCode code) {
        return !BEFORE_BLOCK.contains(code);
    }

    /** The decision with the unit's block applied: CLONED unless the decision precedes the block. */
    public static Decision blocked(Decision d, org.markauth.verify.registry.BlockView block) {
        if (block == null || !block.blocked() || !blockable(d.code())) {
            return d;
        }
        return new Decision(VerdictCode.CLONED, "blocked since " + block.since() + " by " + block.actor());
    }
}
