package org.markauth.issuer.certification;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.markauth.issuer.registry.Checks;

/**
 * An expert of the library: the field (sector) they evaluate, the district they belong to (a
 * GB/T 2260 six-digit division code, as {@link org.markauth.issuer.registry.Districts} uses), their
 * organisation, and the licensees they declared a conflict of interest with.
 */
public record Expert(String expertId, String name, String field, String district, String organisation,
                     Set<String> conflicts, boolean active, Instant updatedAt) {

    public Expert {
        Checks.id("expertId", expertId);
        Checks.text("name", name, 1, 100);
        Checks.text("field", field, 1, 100);
        if (district == null || !district.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("district must be a six-digit administrative-division code (GB/T 2260, e.g. 440606 for "
                    + "顺德区), got '" + district + "'");
        }
        Checks.text("organisation", organisation, 1, 200);
        conflicts = conflicts == null ? Set.of() : Set.copyOf(conflicts);
        if (conflicts.size() > 100) {
            throw new IllegalArgumentException("conflicts may name at most 100 licensees, got " + conflicts.size());
        }
        conflicts.forEach(c -> Checks.id("conflicts", c));
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
