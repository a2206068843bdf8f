package org.markauth.issuer.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** One stored draw: its year, published seed, parameters, the candidate lists as they were, the result and its tasks. */
public record Draw(UUID drawId, int year, String seed, int enterprises, int inspectorsPerTask, LocalDate dueOn, String drawnBy,
                   Instant drawnAt, RandomDraw.Candidates candidates, List<RandomDraw.Pick> result, List<UUID> taskIds) {
}
