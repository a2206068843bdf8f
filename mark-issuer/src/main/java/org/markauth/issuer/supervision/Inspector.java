package org.markauth.issuer.supervision;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.markauth.issuer.registry.Districts;
import org.markauth.issuer.standards.StandardText;

/**
 * An inspector of the office's pool: name, the district the inspector works in (never drawn for an
 * enterprise of that district), organisation, and the licensees the inspector declared a conflict of
 * interest with (never drawn for them). Only active inspectors are drawn.
 */
public record Inspector(String inspectorId, String name, String districtCode, String organisation, Set<String> conflicts,
                        boolean active, Instant createdAt, Instant updatedAt) {

    public static final int MAX_CONFLICTS = 50;

    public Inspector {
        if (inspectorId == null || !inspectorId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("inspectorId must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit; got "
                    + (inspectorId == null ? "none" : "'" + inspectorId + "'"));
        }
        name = StandardText.required("name", name, 100);
        if (districtCode == null || Districts.byCode(districtCode).isEmpty()) {
            throw new IllegalArgumentException("districtCode must be one of the programme's districts " + Districts.FOSHAN.stream()
                    .map(d -> d.code() + " " + d.nameEn()).toList() + ", got " + (districtCode == null ? "none" : "'" + districtCode + "'"));
        }
        organisation = StandardText.required("organisation", organisation, 200);
        conflicts = Set.copyOf(conflicts == null ? Set.of() : conflicts);
        if (conflicts.size() > MAX_CONFLICTS) {
            throw new IllegalArgumentException("an inspector may declare at most " + MAX_CONFLICTS + " conflicts, got " + conflicts.size());
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    RandomDraw.Inspector candidate() {
        return new RandomDraw.Inspector(inspectorId, districtCode, conflicts);
    }
}
