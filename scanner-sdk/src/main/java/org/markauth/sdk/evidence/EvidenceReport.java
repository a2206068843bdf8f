package org.markauth.sdk.evidence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link EvidenceVerifier} found: every check of docs/mark-format.md section 15.5, in that order,
 * each passed or failed with a sentence. A package proves its record only when every check passed;
 * a check that could not run because an earlier one failed is listed as failed ("not checked: …").
 *
 * @param checks   the checks, always all of {@link EvidenceVerifier#CHECKS} in that order
 * @param evidence the parsed {@code evidence.json} when it could be read, else {@code null}
 * @param record   the parsed {@code record.json} when it could be read, else {@code null}
 */
public record EvidenceReport(List<Check> checks, Evidence evidence, InspectionRecord record) {

    /** One check: a stable name (see {@link EvidenceVerifier#CHECKS}), the result and a sentence for people. */
    public record Check(String name, boolean passed, String sentence) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sentence, "sentence");
        }
    }

    public EvidenceReport {
        checks = List.copyOf(checks);
    }

    /** {@code true} only when every check passed. */
    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /** The check of that name. */
    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The failed checks. */
    public List<Check> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
