package org.markauth.verify.draws;

/** What the draw pages ({@code draws.jte}, {@code draw.jte}) show; words already in the request's language. */
public final class DrawsView {

    private DrawsView() {
    }

    /** The list page: every draw, newest first. */
    public record Index(String langTag, String otherLang, java.util.List<Draw> draws) {
        public Index {
            draws = java.util.List.copyOf(draws);
        }
    }

    /**
     * One draw. Before the reveal {@code officePart}, {@code witnessPart}, {@code seed} are null and
     * {@code picks} empty, unless the draw was voided after its public part was known
     * ({@code voidedWithSecret}: then they are the void's and {@code wouldHave} what it would have drawn); {@code voidReason} is null unless voided; {@code canonical} is the snapshot's text,
     * {@code jsonUrl} the draw's JSON address (absolute when the service knows its public base URL).
     */
    public record Draw(String langTag, String otherLang, String id, int year, String state, String stateText, boolean legacy,
                       int enterprises, int inspectorsPerTask, String dueOn, String snapshotHash, String commitment, boolean drawn,
                       String officePart, String witnessPart, String seed, java.util.List<Step> steps, java.util.List<Row> picks,
                       String voidReason, java.util.List<Check> checks, String canonical,
                       String jsonUrl, String publicSource, String publicDate, boolean voidedWithSecret, java.util.List<Row> wouldHave) {
        public Draw {
            steps = java.util.List.copyOf(steps);
            picks = java.util.List.copyOf(picks);
            wouldHave = java.util.List.copyOf(wouldHave);
            checks = java.util.List.copyOf(checks);
        }
    }

    /** A step taken: what, when (Asia/Shanghai), by which role. */
    public record Step(String kind, String what, String at, String by) {
    }

    /** A drawn enterprise: its name, the product to sample, the inspectors' ids. */
    public record Row(String licenseeId, String name, String product, int productId, String inspectors) {
    }

    /** One of this service's re-checks and its sentence. */
    public record Check(String what, boolean ok, String text) {
    }
}
