package org.markauth.issuer.certification;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.markauth.issuer.registry.Checks;

/** One expert's evaluation of an application: a score from 0 to 100 for every {@link Criterion}, and findings. */
public record Scores(String expertId, Map<Criterion, Integer> scores, String findings, String recordedBy, Instant recordedAt) {

    public Scores {
        Checks.id("expertId", expertId);
        Objects.requireNonNull(scores, "scores");
        EnumMap<Criterion, Integer> copy = new EnumMap<>(Criterion.class);
        for (Criterion c : Criterion.values()) {
            Integer v = scores.get(c);
            if (v == null) {
                throw new IllegalArgumentException("scores." + c + " (" + c.label(false) + ", " + c.label(true)
                        + ") is required: every criterion gets a score from 0 to 100");
            }
            if (v < 0 || v > 100) {
                throw new IllegalArgumentException("scores." + c + " must be 0 to 100, got " + v);
            }
            copy.put(c, v);
        }
        scores = java.util.Collections.unmodifiableMap(copy);
        Checks.text("findings", findings, 1, 4000);
    }

    /** The mean of the criteria's scores. */
    public double mean() {
        return scores.values().stream().mapToInt(Integer::intValue).average().orElse(0);
    }
}
