package org.markauth.issuer.complaints;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.issuer.IssuerException;
import org.markauth.registry.CaseNumbers;

/**
 * The Cassandra side of complaint cases (V026): case numbers from a per-year counter moved by
 * compare-and-set (CasCounter, as the SSCC references; a row of complaint_counters), the case rows and their listings by state and licensee, the steps and the
 * consumer outbox. Every state change is a lightweight transaction on {@code state} ({@link #move});
 * the listings, the step and the outbox row follow in one logged batch ({@link #after}). Blocking.
 */
final class CaseStore {

    static final int MAX_ATTEMPTS = 20;

    private final CqlSession s;
    private final StepIds ids;
    private final org.markauth.issuer.CasCounter caseNumbers;
    private final PreparedStatement insert;
    private final PreparedStatement read;
    private final PreparedStatement byState;
    private final PreparedStatement unlistState;
    private final PreparedStatement listState;
    private final PreparedStatement byLicensee;
    private final PreparedStatement unlistLicensee;
    private final PreparedStatement listLicensee;
    private final PreparedStatement claimSource;
    private final PreparedStatement caseOfSource;
    private final PreparedStatement step;
    private final PreparedStatement steps;
    private final PreparedStatement message;
    private final PreparedStatement messages;
    private final PreparedStatement report;
    private final PreparedStatement reportContact;

    CaseStore(CqlSession s, StepIds ids) {
        this.s = s;
        this.ids = ids;
        caseNumbers = new org.markauth.issuer.CasCounter(s, "complaint_counters", "name", "value", MAX_ATTEMPTS);
        insert = s.prepare("INSERT INTO complaint_cases (case_no, code, source, report_id, referral_no, referral_date, consumer_name, "
                + "contact, lang, product_id, licensee_id, mark, complaint, state, opened_at, opened_by, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?) IF NOT EXISTS");
        read = s.prepare("SELECT * FROM complaint_cases WHERE case_no = ?");
        byState = s.prepare("INSERT INTO complaint_cases_by_state (state, case_no) VALUES (?, ?)");
        unlistState = s.prepare("DELETE FROM complaint_cases_by_state WHERE state = ? AND case_no = ?");
        listState = s.prepare("SELECT case_no FROM complaint_cases_by_state WHERE state = ? LIMIT ?");
        byLicensee = s.prepare("INSERT INTO complaint_cases_by_licensee (licensee_id, case_no) VALUES (?, ?)");
        unlistLicensee = s.prepare("DELETE FROM complaint_cases_by_licensee WHERE licensee_id = ? AND case_no = ?");
        listLicensee = s.prepare("SELECT case_no FROM complaint_cases_by_licensee WHERE licensee_id = ? LIMIT ?");
        claimSource = s.prepare("INSERT INTO complaint_sources (source, case_no) VALUES (?, ?) IF NOT EXISTS");
        caseOfSource = s.prepare("SELECT case_no FROM complaint_sources WHERE source = ?");
        step = s.prepare("INSERT INTO complaint_steps (case_no, at, kind, state, actor, role, reason, public_zh, public_en) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        steps = s.prepare("SELECT at, kind, state, actor, role, reason, public_zh, public_en FROM complaint_steps WHERE case_no = ?");
        message = s.prepare("INSERT INTO complaint_messages (day, at, case_no, contact, lang, body) VALUES (?, ?, ?, ?, ?, ?)");
        messages = s.prepare("SELECT at, case_no, contact, lang, body FROM complaint_messages WHERE day = ? LIMIT ?");
        report = s.prepare("SELECT code, verdict, batch_id, where_bought, seller, lang FROM report_by_id WHERE report_id = ?");
        reportContact = s.prepare("SELECT contact FROM report_contacts WHERE report_id = ?");
    }

    // ------------------------------------------------------------------ numbers

    /** The next sequence number of {@code year}, starting at 1. */
    int nextSeq(int year) {
        return Math.toIntExact(caseNumbers.next("case-no:" + year).orElseThrow(() -> new IssuerException.Unavailable(
                "COMPLAINT_NUMBER_CONTENDED", "the case number counter of " + year + " is contended; try again", null)));
    }

    /** Claims the report for a case; the case number that has it already when another case does. */
    Optional<String> claimReport(UUID reportId, String caseNo) {
        return claim("report:" + reportId, caseNo);
    }

    Optional<String> claimReferral(String referralNo, String caseNo) {
        return claim("12315:" + referralNo, caseNo);
    }

    private Optional<String> claim(String source, String caseNo) {
        Row r = s.execute(claimSource.bind(source, caseNo)).one();
        return r.getBoolean("[applied]") ? Optional.empty() : Optional.of(r.getString("case_no"));
    }

    Optional<String> caseOfReport(UUID reportId) {
        Row r = s.execute(caseOfSource.bind("report:" + reportId)).one();
        return r == null ? Optional.empty() : Optional.of(r.getString(0));
    }

    /** Writes a new OPEN case (IF NOT EXISTS: false when the number is taken), listed under OPEN. */
    boolean insert(ComplaintCase c) {
        boolean applied = s.execute(insert.bind(c.caseNo(), c.code(), c.source().name(), c.reportId(), c.referralNo(), c.referralDate(),
                c.consumerName(), c.contact(), c.lang(), c.productId(), c.licenseeId(), c.mark(), c.complaint(), c.openedAt(),
                c.openedBy(), c.openedAt())).wasApplied();
        if (applied) {
            s.execute(byState.bind(CaseState.OPEN.name(), c.caseNo()));
        }
        return applied;
    }

    // ------------------------------------------------------------------ reads

    Optional<ComplaintCase> find(String caseNo) {
        Row r = s.execute(read.bind(caseNo)).one();
        return r == null ? Optional.empty() : Optional.of(of(r));
    }

    List<String> numbers(CaseState state, int limit) {
        List<String> out = new ArrayList<>();
        s.execute(listState.bind(state.name(), limit)).forEach(r -> out.add(r.getString(0)));
        return out;
    }

    List<String> numbersOf(String licenseeId, int limit) {
        List<String> out = new ArrayList<>();
        s.execute(listLicensee.bind(licenseeId, limit)).forEach(r -> out.add(r.getString(0)));
        return out;
    }

    List<Step> steps(String caseNo) {
        List<Step> out = new ArrayList<>();
        for (Row r : s.execute(steps.bind(caseNo))) {
            out.add(new Step(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), Step.Kind.valueOf(r.getString("kind")),
                    CaseState.valueOf(r.getString("state")), r.getString("actor"), r.getString("role"), r.getString("reason"),
                    r.getString("public_zh"), r.getString("public_en")));
        }
        return out;
    }

    List<Message> messages(LocalDate day, int limit) {
        List<Message> out = new ArrayList<>();
        for (Row r : s.execute(messages.bind(day, limit))) {
            out.add(new Message(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), r.getString("case_no"),
                    r.getString("contact"), r.getString("lang"), r.getString("body")));
        }
        return out;
    }

    /** What a consumer report said, for opening a case from it: empty when there is no such report. */
    record ReportFacts(String code, String verdict, Integer batchId, String where, String seller, String lang, String contact) {
    }

    Optional<ReportFacts> report(UUID reportId) {
        Row r = s.execute(report.bind(reportId)).one();
        if (r == null) {
            return Optional.empty();
        }
        Row c = s.execute(reportContact.bind(reportId)).one();
        return Optional.of(new ReportFacts(r.getString("code"), r.getString("verdict"), r.isNull("batch_id") ? null : r.getInt("batch_id"),
                r.getString("where_bought"), r.getString("seller"), r.getString("lang"), c == null ? null : c.getString(0)));
    }

    // ------------------------------------------------------------------ writes

    /** A state change: {@code update} is a conditional UPDATE ({@code IF state = ...}); whether it applied. */
    boolean move(BoundStatement update) {
        return s.execute(update).wasApplied();
    }

    PreparedStatement prepare(String cql) {
        return s.prepare(cql);
    }

    /**
     * What follows a state change, in one logged batch: the listing by state moved, the licensee's
     * listing (when the case has one), the step, the outbox row (when the consumer left a contact),
     * and any further rows (a notification event).
     */
    void after(ComplaintCase before, ComplaintCase now, Step st, Message msg, List<BatchableStatement<?>> more) {
        List<BatchableStatement<?>> rows = new ArrayList<>();
        if (before.state() != now.state()) {
            rows.add(unlistState.bind(before.state().name(), now.caseNo()));
            rows.add(byState.bind(now.state().name(), now.caseNo()));
        }
        if (before.licenseeId() != null && !before.licenseeId().equals(now.licenseeId())) {
            rows.add(unlistLicensee.bind(before.licenseeId(), now.caseNo()));
        }
        if (now.licenseeId() != null) {
            rows.add(byLicensee.bind(now.licenseeId(), now.caseNo()));
        }
        rows.add(stepRow(now.caseNo(), st));
        if (msg != null) {
            rows.add(messageRow(msg));
        }
        rows.addAll(more);
        s.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED).addAll(rows));
    }

    /** The first step of a new case and its outbox row. */
    void opened(String caseNo, Step st, Message msg) {
        BatchStatement b = BatchStatement.newInstance(DefaultBatchType.LOGGED, stepRow(caseNo, st));
        if (msg != null) {
            b = b.add(messageRow(msg));
        }
        s.execute(b);
    }

    private BoundStatement stepRow(String caseNo, Step st) {
        return step.bind(caseNo, ids.next(st.at()), st.kind().name(), st.state().name(), st.actor(), st.role(), st.reason(), st.publicZh(), st.publicEn());
    }

    private BoundStatement messageRow(Message m) {
        return message.bind(LocalDate.ofInstant(m.at(), ZoneOffset.UTC), ids.next(m.at()), m.caseNo(), m.contact(), m.lang(), m.body());
    }

    static ComplaintCase of(Row r) {
        return new ComplaintCase(r.getString("case_no"), r.getString("code"), ComplaintCase.Source.valueOf(r.getString("source")),
                r.getUuid("report_id"), r.getString("referral_no"), r.getLocalDate("referral_date"), r.getString("consumer_name"),
                r.getString("contact"), r.getString("lang"), r.isNull("product_id") ? null : r.getInt("product_id"),
                r.getString("licensee_id"), r.getString("mark"), r.getString("complaint"), CaseState.valueOf(r.getString("state")),
                r.getInstant("opened_at"), r.getString("opened_by"), r.getInstant("assigned_at"), r.getInstant("reply_due"),
                r.getInstant("replied_at"), r.getString("reply"), r.isNull("outcome") ? null : Outcome.valueOf(r.getString("outcome")),
                r.isNull("amount_fen") ? null : r.getLong("amount_fen"), r.isNull("paid_first_fen") ? null : r.getLong("paid_first_fen"),
                r.getInstant("paid_first_at"), r.isNull("recovered_fen") ? null : r.getLong("recovered_fen"),
                r.getLocalDate("recovered_on"), r.getInstant("resolved_at"), r.getInstant("closed_at"));
    }
}
