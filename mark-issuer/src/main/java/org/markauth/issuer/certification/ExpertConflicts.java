package org.markauth.issuer.certification;

import java.util.Optional;
import org.markauth.issuer.registry.Districts;

/**
 * The rule that keeps an evaluation independent: no expert from the applicant's own district
 * (the division code in its USCC, {@link Districts#code}) and none who declared a conflict with
 * the applicant's licensee. Pure, so the assignment and the automatic pick share it.
 */
public final class ExpertConflicts {

    private ExpertConflicts() {
    }

    /** Why {@code e} may not evaluate the application of licensee {@code licenseeId} with USCC {@code uscc}; empty if it may. */
    public static Optional<String> refusal(Expert e, String licenseeId, String uscc) {
        if (!e.active()) {
            return Optional.of("expert " + e.expertId() + " (" + e.name() + ") is retired from the library; choose an active expert");
        }
        if (e.conflicts().contains(licenseeId)) {
            return Optional.of("expert " + e.expertId() + " (" + e.name() + ") declared a conflict of interest with licensee "
                    + licenseeId + "; choose another expert");
        }
        Optional<String> district = Districts.code(uscc);
        if (district.isPresent() && district.get().equals(e.district())) {
            String name = Districts.byCode(e.district()).map(d -> d.nameZh() + "/" + d.nameEn()).orElse(e.district());
            return Optional.of("expert " + e.expertId() + " (" + e.name() + ") is from district " + name
                    + ", the applicant's own district (its USCC " + uscc + "); choose an expert from another district");
        }
        return Optional.empty();
    }
}
