package org.markauth.issuer.complaints;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One complaint case as the office sees it (V026 {@code complaint_cases}). {@code code} is the
 * consumer's lookup code, {@code consumerName} and {@code contact} personal data: the manufacturer's
 * view ({@link #forManufacturer}) has none of the three.
 */
public record ComplaintCase(String caseNo, String code, Source source, UUID reportId, String referralNo, LocalDate referralDate,
                            String consumerName, String contact, String lang, Integer productId, String licenseeId, String mark,
                            String complaint, CaseState state, Instant openedAt, String openedBy, Instant assignedAt,
                            Instant replyDue, Instant repliedAt, String reply, Outcome outcome, Long amountFen, Long paidFirstFen,
                            Instant paidFirstAt, Long recoveredFen, LocalDate recoveredOn, Instant resolvedAt, Instant closedAt) {

    /** Where a case came from: a consumer's report on the verify page, or a 12315 referral the office typed in. */
    public enum Source {
        REPORT, REFERRAL
    }

    /** Assigned, past its reply deadline, no reply. */
    public boolean overdue(Instant now) {
        return Lifecycle.overdue(state, replyDue, now);
    }

    /** Whole days since it was opened. */
    public long ageDays(Instant now) {
        return Duration.between(openedAt, now).toDays();
    }

    /** Days until the reply deadline (negative: overdue by), null when there is none or it was replied. */
    public Long daysToReply(Instant now) {
        if (replyDue == null || state != CaseState.ASSIGNED) {
            return null;
        }
        return Math.floorDiv(Duration.between(now, replyDue).toHours(), 24);
    }

    /** Compensation the fund paid first and has not recovered yet, in fen. */
    public long outstandingFen() {
        return (paidFirstFen == null ? 0 : paidFirstFen) - (recoveredFen == null ? 0 : recoveredFen);
    }

    /** What the manufacturer may see: no lookup code, no consumer name or contact. */
    public ComplaintCase forManufacturer() {
        return new ComplaintCase(caseNo, null, source, null, referralNo, referralDate, null, null, lang, productId, licenseeId, mark,
                complaint, state, openedAt, openedBy, assignedAt, replyDue, repliedAt, reply, outcome, amountFen, paidFirstFen,
                paidFirstAt, recoveredFen, recoveredOn, resolvedAt, closedAt);
    }
}
