package org.markauth.issuer.credit;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The programme's grading rule, exactly as docs/credit.md ("Grading rule") states it, with the
 * document's examples as its unit tests. Pure: the events, the blacklist and a day in, a grade out;
 * the issuer stores what it says ({@code credit_grades}, {@code credit_lists}) and verify-api only
 * reads that, so the rule lives here and nowhere else.
 *
 * <ol>
 *   <li>Only events dated within the {@value #WINDOW_MONTHS} months before {@code asOf} count
 *       (after {@code asOf − 24 months}, not after {@code asOf}).</li>
 *   <li>Blacklisted now → <b>D</b> (reason BLACKLISTED, since the blacklisting).</li>
 *   <li>A REVOCATION in the window → <b>D</b> (REVOKED, since the latest revocation).</li>
 *   <li>Points in the window ≥ {@value #D_FROM} → <b>D</b>; ≥ {@value #C_FROM} → <b>C</b>; ≥ 1 → <b>B</b>
 *       (POINTS, since the day the running total, in date order, reached the grade's threshold).</li>
 *   <li>0 points and a CLEAN_SAMPLING in the window → <b>A</b> (CLEAN, since the latest clean sampling).</li>
 *   <li>Otherwise <b>B</b> (NO_SAMPLING: nothing against it, but no clean sampling on file either).</li>
 * </ol>
 */
public final class GradingRule {

    public static final int WINDOW_MONTHS = 24;
    public static final int C_FROM = 4;
    public static final int D_FROM = 8;

    /** Why a grade is what it is; the pages say it in zh or en from this code. */
    public enum Reason { BLACKLISTED, REVOKED, POINTS, CLEAN, NO_SAMPLING }

    /** The licensee's blacklisting in force: since when and the office's published reason. */
    public record Blacklisting(LocalDate since, String reason) {
        public Blacklisting {
            Objects.requireNonNull(since, "since");
        }
    }

    /**
     * The rule's answer. {@code detail}: the blacklist reason or the deciding event's summary (null for
     * NO_SAMPLING); {@code since}: the day the deciding fact happened (null for NO_SAMPLING);
     * {@code reviewOn}: the first day an event now counted leaves the window (null when none counts),
     * the grade may change then.
     */
    public record Grading(Grade grade, int points, Reason reason, String detail, LocalDate since, LocalDate reviewOn) {
    }

    private GradingRule() {
    }

    /** Whether an event dated {@code date} counts on {@code asOf}. */
    public static boolean inWindow(LocalDate date, LocalDate asOf) {
        return date.isAfter(asOf.minusMonths(WINDOW_MONTHS)) && !date.isAfter(asOf);
    }

    /** The grade of a licensee with these {@code events} and {@code blacklist} (null: not blacklisted) on {@code asOf}. */
    public static Grading grade(Collection<CreditEvent> events, Blacklisting blacklist, LocalDate asOf) {
        List<CreditEvent> counted = events.stream().filter(e -> inWindow(e.date(), asOf))
                .sorted(Comparator.comparing(CreditEvent::date).thenComparing(e -> e.kind().ordinal())
                        .thenComparing(CreditEvent::reference))
                .toList();
        int points = counted.stream().mapToInt(e -> e.kind().points()).sum();
        LocalDate reviewOn = counted.stream().filter(e -> e.kind().points() > 0 || e.kind() == CreditKind.REVOCATION
                        || e.kind().positive())
                .map(e -> e.date().plusMonths(WINDOW_MONTHS)).min(Comparator.naturalOrder()).orElse(null);
        if (blacklist != null) {
            return new Grading(Grade.D, points, Reason.BLACKLISTED, blacklist.reason(), blacklist.since(), reviewOn);
        }
        CreditEvent revocation = latest(counted, CreditKind.REVOCATION);
        if (revocation != null) {
            return new Grading(Grade.D, points, Reason.REVOKED, revocation.summary(), revocation.date(), reviewOn);
        }
        if (points >= 1) {
            Grade g = points >= D_FROM ? Grade.D : points >= C_FROM ? Grade.C : Grade.B;
            int threshold = g == Grade.D ? D_FROM : g == Grade.C ? C_FROM : 1;
            int running = 0;
            for (CreditEvent e : counted) {
                running += e.kind().points();
                if (running >= threshold) {
                    return new Grading(g, points, Reason.POINTS, e.summary(), e.date(), reviewOn);
                }
            }
        }
        CreditEvent clean = latest(counted, CreditKind.CLEAN_SAMPLING);
        if (clean != null) {
            return new Grading(Grade.A, 0, Reason.CLEAN, clean.summary(), clean.date(), reviewOn);
        }
        return new Grading(Grade.B, 0, Reason.NO_SAMPLING, null, null, reviewOn);
    }

    private static CreditEvent latest(List<CreditEvent> sorted, CreditKind kind) {
        CreditEvent found = null;
        for (CreditEvent e : sorted) {
            if (e.kind() == kind) {
                found = e;
            }
        }
        return found;
    }
}
