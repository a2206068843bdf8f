package org.markauth.issuer.standards;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One version of a standard ("2026"): its status with the dates it reached each, its core indicators
 * and the international or national standards it was benchmarked against ("IEC 60335-1:2020").
 * A version is written as a DRAFT, PUBLISHED when in force (products may then be linked to it),
 * REVISED when a newer version replaces it, or WITHDRAWN; REVISED and WITHDRAWN are final.
 */
public record StandardVersion(String standardId, String version, Status status, Instant createdAt, LocalDate publishedOn,
                              LocalDate revisedOn, LocalDate withdrawnOn, String statusReason, List<Indicator> indicators,
                              List<String> benchmarks) {

    public static final int MAX_INDICATORS = 30;

    public enum Status {
        DRAFT, PUBLISHED, REVISED, WITHDRAWN;

        /** DRAFT → PUBLISHED | WITHDRAWN; PUBLISHED → REVISED | WITHDRAWN; REVISED and WITHDRAWN are final. */
        public boolean mayBecome(Status to) {
            return switch (this) {
                case DRAFT -> to == PUBLISHED || to == WITHDRAWN;
                case PUBLISHED -> to == REVISED || to == WITHDRAWN;
                case REVISED, WITHDRAWN -> false;
            };
        }
    }

    public StandardVersion {
        Objects.requireNonNull(standardId, "standardId");
        version = StandardText.required("version", version, 20);
        if (!version.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("version must be letters, digits, '.', '_' or '-' (e.g. 2026 or 1.1), got '" + version + "'");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        statusReason = StandardText.optional("reason", statusReason, 500);
        indicators = List.copyOf(indicators == null ? List.of() : indicators);
        if (indicators.size() > MAX_INDICATORS) {
            throw new IllegalArgumentException("a version may have at most " + MAX_INDICATORS + " core indicators, got " + indicators.size());
        }
        Set<String> names = new HashSet<>();
        for (Indicator i : indicators) {
            if (!names.add(i.name())) {
                throw new IllegalArgumentException("indicator " + i.name() + " is listed twice; give each indicator once");
            }
        }
        benchmarks = (benchmarks == null ? List.<String>of() : benchmarks).stream()
                .map(b -> StandardText.required("benchmark reference", b, 100)).distinct().toList();
        if (benchmarks.size() > 20) {
            throw new IllegalArgumentException("a version may list at most 20 benchmark references, got " + benchmarks.size());
        }
    }

    public Optional<Indicator> indicator(String name) {
        return indicators.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** This version moved to {@code to} on {@code day} for {@code reason}. */
    public StandardVersion moved(Status to, LocalDate day, String reason) {
        return new StandardVersion(standardId, version, to, createdAt, to == Status.PUBLISHED ? day : publishedOn,
                to == Status.REVISED ? day : revisedOn, to == Status.WITHDRAWN ? day : withdrawnOn, reason, indicators, benchmarks);
    }
}
