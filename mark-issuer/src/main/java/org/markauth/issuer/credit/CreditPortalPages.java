package org.markauth.issuer.credit;

import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.console.Site;

/**
 * The manufacturer portal's credit page ({@code /portal/credit}, docs/credit.md, "Portal"): its own
 * licensee's grade, why, what the grade blocks and how to improve it, and the events behind it.
 * Only what the public lists would say is shown ({@link Page#of}): each event's day, kind and
 * points, and until when it counts; never the office's notes on it (its summary and reference), nor
 * who recorded it. The grade's detail is shown only where verify-api's black list publishes it (a
 * blacklisting's or revocation's reason). The licensee is the session's; there is no path naming
 * another, and {@link CreditFile#file} answers another licensee as missing.
 */
public final class CreditPortalPages implements Console.Feature {

    /** One event as the portal shows it. */
    public record Event(LocalDate date, String kind, int points, boolean counts, LocalDate countsUntil) {
    }

    /**
     * The page's view: the grade (A..D), the reason code, its published detail (null unless
     * BLACKLISTED or REVOKED), since when, the points, when the grade may change, whether the
     * licensee may order marks, and its events newest first.
     */
    public record Page(String grade, String reason, String detail, LocalDate since, int points, LocalDate reviewOn, boolean mayOrder,
                       List<Event> events) {

        /** The public-safe view of {@code f} on {@code today} (the programme's day). */
        public static Page of(CreditFile.File f, LocalDate today) {
            GradingRule.Grading g = f.grading();
            boolean published = g.reason() == GradingRule.Reason.BLACKLISTED || g.reason() == GradingRule.Reason.REVOKED;
            List<Event> events = f.events().stream().map(e -> new Event(e.event().date(), e.event().kind().name(),
                    e.event().kind().points(), GradingRule.inWindow(e.event().date(), today),
                    e.event().date().plusMonths(GradingRule.WINDOW_MONTHS))).toList();
            return new Page(g.grade().name(), g.reason().name(), published ? g.detail() : null, g.since(), g.points(), g.reviewOn(),
                    g.grade() != Grade.D, events);
        }
    }

    private final CreditFile credit;
    private final Clock clock;

    public CreditPortalPages(CreditFile credit, Clock clock) {
        this.credit = credit;
        this.clock = clock;
    }

    @Override
    public void mount(Router r, Site site) {
        site.page(r, "/portal/credit", "nav.credit", ctx -> (p, t) -> {
            String licensee = p.licenseeId().orElseThrow(() -> new IssuerException.Forbidden("this key names no licensee"));
            return site.page(ctx, "credit.jte", t.get("credit.title"),
                    Page.of(credit.file(p, licensee), LocalDate.ofInstant(clock.instant(), CreditFile.ZONE)));
        });
    }
}
