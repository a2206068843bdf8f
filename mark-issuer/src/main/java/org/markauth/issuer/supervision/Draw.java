package org.markauth.issuer.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One year's draw, in the order its parts become known (docs/supervision.md, "The draw"). Announced:
 * the parameters, the named public source and its date, the candidate snapshot frozen at that moment
 * (with each candidate product's standard version and indicators) and its hash, and the commitment to
 * the office's secret part. Witnessed: the public value, entered on or after its date by a regulator
 * user other than the announcer. Drawn: the revealed secret, the seed combined from the three, the
 * result and its tasks. Voided: the reason, who and when, and, when the public value was known, the
 * secret and the result the draw would have given; a voided draw stays visible. A draw stored before
 * V029 has no commitment: it is DRAWN from its seed as given (its {@code snapshotHash} and
 * {@code commitment} are null).
 *
 * @param publicSource where the public part comes from, as announced (free text: "中国福利彩票双色球 2027-03-04 开奖号码")
 * @param publicDate   the day that value becomes public; the witness part and the reveal are refused before it
 * @param standards    the frozen standard version of each candidate product linked to one, by product id
 */
public record Draw(UUID drawId, int year, State state, int enterprises, int inspectorsPerTask, LocalDate dueOn,
                   String announcedBy, Instant announcedAt, String publicSource, LocalDate publicDate, RandomDraw.Candidates candidates,
                   List<Linked> standards, String snapshotHash, String commitment, Witness witness, Reveal reveal, Voiding voiding) {

    /** A candidate product's standard version as it was linked at the announcement, with that version's core indicators. */
    public record Linked(int productId, String standardId, String standardNo, String version, List<org.markauth.issuer.standards.Indicator> indicators) {
        public Linked {
            Objects.requireNonNull(standardId, "standardId");
            indicators = List.copyOf(indicators);
        }
    }

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

    /**
     * Why, by whom and when the draw was voided; when it was voided after the public part was known and
     * before the reveal, also the office's secret (checked against the commitment), the seed and the
     * result the draw would have given, so a void cannot hide a result the office could compute.
     */
    public record Voiding(String reason, String by, Instant at, String officePart, String seed, List<RandomDraw.Pick> wouldHave) {
        public Voiding {
            wouldHave = wouldHave == null ? null : List.copyOf(wouldHave);
        }

        public Voiding(String reason, String by, Instant at) {
            this(reason, by, at, null, null, null);
        }
    }

    public Draw {
        Objects.requireNonNull(state, "state");
        standards = standards == null ? List.of() : List.copyOf(standards);
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

    /** The frozen standard version of {@code productId}, if it was linked to one at the announcement. */
    public Optional<Linked> standardOf(int productId) {
        return standards.stream().filter(l -> l.productId() == productId).findFirst();
    }

    Draw witnessed(Witness w) {
        return new Draw(drawId, year, state, enterprises, inspectorsPerTask, dueOn, announcedBy, announcedAt, publicSource, publicDate,
                candidates, standards, snapshotHash, commitment, w, reveal, voiding);
    }

    Draw drawn(Reveal r) {
        return new Draw(drawId, year, State.DRAWN, enterprises, inspectorsPerTask, dueOn, announcedBy, announcedAt, publicSource, publicDate,
                candidates, standards, snapshotHash, commitment, witness, r, voiding);
    }

    Draw voided(Voiding v) {
        return new Draw(drawId, year, State.VOIDED, enterprises, inspectorsPerTask, dueOn, announcedBy, announcedAt, publicSource, publicDate,
                candidates, standards, snapshotHash, commitment, witness, reveal, v);
    }
}
