package org.markauth.issuer.complaints;

import java.time.Instant;
import java.util.List;
import org.markauth.registry.CaseNumbers;

/** The view records of the complaint pages (console {@code complaint*.jte}, portal {@code portal/complaint*.jte}). */
public final class ComplaintViews {

    private ComplaintViews() {
    }

    /** A row of a case list with its SLA timers as of {@code now}. */
    public record Row(ComplaintCase c, long ageDays, Long daysToReply, boolean overdue) {
        static Row of(ComplaintCase c, Instant now) {
            return new Row(c, c.ageDays(now), c.daysToReply(now), c.overdue(now));
        }
    }

    /** The list: the state filter ({@code ""} for the active states), the states to choose from, the rows. */
    public record Cases(String state, List<String> states, List<Row> rows, long overdue) {
    }

    /** A case with its steps; the acts its state allows (console), or whether the manufacturer may reply (portal). */
    public record CasePage(Row row, List<Step> steps, List<String> outcomes, boolean mayAssign, boolean mayResolve,
                           boolean mayClose, boolean mayReopen, boolean mayRecover, boolean mayReply) {
    }

    public record Fund(long balanceFen, List<LedgerEntry> ledger) {
    }

    public record Outbox(String day, String before, String after, List<Message> messages) {
    }

    /** The referral form (its languages to choose from). */
    public record Referral(List<String> langs) {
    }

    /**
     * The list page of {@code p}'s cases ({@code state}: one state's name, or blank for the active
     * ones / a manufacturer's all) with their timers as of {@code now}: the console's and the portal's.
     */
    static Cases cases(Complaints complaints, org.markauth.access.Principal p, String state, Instant now, int limit) {
        List<CaseState> states = state.isBlank() ? List.of() : List.of(org.markauth.issuer.console.Site.choice(state, "state",
                CaseState.class));
        List<Row> rows = complaints.list(p, states, limit).stream().map(c -> Row.of(c, now)).toList();
        List<String> names = java.util.Arrays.stream(CaseState.values()).map(Enum::name).toList();
        return new Cases(state.strip(), names, rows, rows.stream().filter(Row::overdue).count());
    }

    /** CNY with two decimals from fen ({@code 12345} → {@code 123.45}); empty for null. */
    public static String yuan(Long fen) {
        return fen == null ? "" : CaseNumbers.yuan(fen);
    }

    /** A step's sentence for the consumer in the page's language; empty when the consumer is not told of the step. */
    public static String publicText(Step s, String lang) {
        String t = "en".equals(lang) ? s.publicEn() : s.publicZh();
        return t == null ? "" : t;
    }
}
