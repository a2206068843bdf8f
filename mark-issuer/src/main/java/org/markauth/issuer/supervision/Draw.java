package org.markauth.issuer.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One year's draw, in the order its parts become known (docs/supervision.md, "The draw"). Announced:
 * the parameters, the candidate snapshot frozen at that moment with its hash, and the commitment to the
 * office's secret part. Witnessed: a part given after the announcement by another regulator user. Drawn:
 * the revealed secret, the seed combined from the three, the result and its tasks. Voided: the reason,
 * who and when; a voided draw stays visible. A draw stored before V029 has no commitment: it is DRAWN
 * from its seed as given (its {@code snapshotHash} and {@code commitment} are null).
 */
public record Draw(UUID drawId, int year, State state, int enterprises, int inspectorsPerTask, LocalDate dueOn,
                   String announcedBy, Instant announcedAt, RandomDraw.Candidates candidates, String snapshotHash, String commitment,
                   Witness witness, Reveal reveal, Voiding voiding) {

    public enum State { ANNOUNCED, DRAWN, VOIDED }

    /** The part given after the announcement, and by whom (never the announcer). */
    public record Witness(String part, String by, Instant at) {
    }

    /** The revealed secret (null for a draw stored before V029), the seed used, who drew, when, the result and its tasks. */
    public record Reveal(String officePart, String seed, String by, Instant at, List<RandomDraw.Pick> result, List<UUID> taskIds) {
        public Reveal {
            result = List.copyOf(result);
            taskIds = List.copyOf(taskIds);
        }
    }

    /** Why, by whom and when the draw was voided. */
    public record Voiding(String reason, String by, Instant at) {
    }

    public Draw {
        Objects.requireNonNull(state, "state");
        if (state == State.DRAWN && reveal == null) {
            throw new IllegalStateException("draw " + drawId + " is DRAWN without a reveal");
        }
        if (state == State.VOIDED && voiding == null) {
            throw new IllegalStateException("draw " + drawId + " is VOIDED without a reason");
        }
    }

    /** ANNOUNCED or DRAWN: the year's one draw. */
    public boolean live() {
        return state != State.VOIDED;
    }

    /** The result, empty before the reveal (or when voided before it). */
    public List<RandomDraw.Pick> result() {
        return reveal == null ? List.of() : reveal.result();
    }

    public List<UUID> taskIds() {
        return reveal == null ? List.of() : reveal.taskIds();
    }

    /** The seed the result was drawn from, null before the reveal. */
    public String seed() {
        return reveal == null ? null : reveal.seed();
    }

    Draw witnessed(Witness w) {
        return new Draw(drawId, year, state, enterprises, inspectorsPerTask, dueOn, announcedBy, announcedAt, candidates, snapshotHash,
                commitment, w, reveal, voiding);
    }

    Draw drawn(Reveal r) {
        return new Draw(drawId, year, State.DRAWN, enterprises, inspectorsPerTask, dueOn, announcedBy, announcedAt, candidates, snapshotHash,
                commitment, witness, r, voiding);
    }

    Draw voided(Voiding v) {
        return new Draw(drawId, year, State.VOIDED, enterprises, inspectorsPerTask, dueOn, announcedBy, announcedAt, candidates,
                snapshotHash, commitment, witness, reveal, v);
    }
}
