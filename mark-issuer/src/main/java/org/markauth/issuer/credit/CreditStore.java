package org.markauth.issuer.credit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The V027 tables: credit_events, credit_grades, credit_lists. Blocking reads and writes. */
final class CreditStore {

    private final CqlSession s;
    private final PreparedStatement insertEvent;
    private final PreparedStatement events;
    private final PreparedStatement grade;
    private final PreparedStatement putGrade;
    private final PreparedStatement putListed;
    private final PreparedStatement dropListed;
    private final PreparedStatement listed;

    CreditStore(CqlSession s) {
        this.s = s;
        insertEvent = s.prepare("INSERT INTO credit_events (licensee_id, kind, reference, event_date, summary, recorded_by, "
                + "recorded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        events = s.prepare("SELECT kind, reference, event_date, summary, recorded_by, recorded_at, source FROM credit_events "
                + "WHERE licensee_id = ?");
        grade = s.prepare("SELECT grade, points, reason, reason_detail, since FROM credit_grades WHERE licensee_id = ?");
        putGrade = s.prepare("INSERT INTO credit_grades (licensee_id, grade, points, reason, reason_detail, since, review_on, "
                + "graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        putListed = s.prepare("INSERT INTO credit_lists (grade, licensee_id, name, name_en, uscc, points, reason, reason_detail, "
                + "since, products, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        dropListed = s.prepare("DELETE FROM credit_lists WHERE grade = ? AND licensee_id = ?");
        listed = s.prepare("SELECT grade, licensee_id, name, name_en, uscc, points, reason, reason_detail, since, products, graded_at "
                + "FROM credit_lists WHERE grade = ?");
    }

    /** Records {@code e} unless its (licensee, kind, reference) is on file; true when this call recorded it. */
    boolean insert(CreditFile.Entry e) {
        CreditEvent v = e.event();
        return s.execute(insertEvent.bind(v.licenseeId(), v.kind().name(), v.reference(), v.date(), v.summary(), e.recordedBy(),
                e.recordedAt(), e.source())).wasApplied();
    }

    /** The file of one licensee, in the table's order (kind, reference); kinds this build no longer knows are skipped. */
    List<CreditFile.Entry> events(String licenseeId) {
        List<CreditFile.Entry> out = new ArrayList<>();
        for (Row r : s.execute(events.bind(licenseeId))) {
            CreditKind kind;
            try {
                kind = CreditKind.valueOf(r.getString("kind"));
            } catch (IllegalArgumentException unknown) {
                continue;
            }
            out.add(new CreditFile.Entry(new CreditEvent(licenseeId, kind, r.getLocalDate("event_date"), r.getString("reference"),
                    r.getString("summary")), r.getString("recorded_by"), r.getInstant("recorded_at"), r.getString("source")));
        }
        return out;
    }

    /** A stored grade: what the gate and the next regrade need. */
    record Graded(Grade grade, int points, GradingRule.Reason reason, String detail, LocalDate since) {
    }

    Optional<Graded> grade(String licenseeId) {
        Row r = s.execute(grade.bind(licenseeId)).one();
        return r == null || r.isNull("grade") ? Optional.empty() : Optional.of(new Graded(Grade.valueOf(r.getString("grade")),
                r.getInt("points"), GradingRule.Reason.valueOf(r.getString("reason")), r.getString("reason_detail"), r.getLocalDate("since")));
    }

    /** Stores {@code l}'s grade and its list row, moving it out of its old grade's partition in the same logged batch. */
    void put(CreditFile.Listed l, LocalDate reviewOn, Grade old) {
        BatchStatement b = BatchStatement.newInstance(DefaultBatchType.LOGGED)
                .add(putGrade.bind(l.licenseeId(), l.grade().name(), l.points(), l.reason().name(), l.detail(), l.since(), reviewOn,
                        l.gradedAt()))
                .add(putListed.bind(l.grade().name(), l.licenseeId(), l.name(), l.nameEn(), l.uscc(), l.points(), l.reason().name(),
                        l.detail(), l.since(), l.products(), l.gradedAt()));
        if (old != null && old != l.grade()) {
            b = b.add(dropListed.bind(old.name(), l.licenseeId()));
        }
        s.execute(b);
    }

    List<CreditFile.Listed> listed(Grade g) {
        List<CreditFile.Listed> out = new ArrayList<>();
        for (Row r : s.execute(listed.bind(g.name()))) {
            out.add(new CreditFile.Listed(Grade.valueOf(r.getString("grade")), r.getString("licensee_id"), r.getString("name"),
                    r.getString("name_en"), r.getString("uscc"), r.getInt("points"), GradingRule.Reason.valueOf(r.getString("reason")),
                    r.getString("reason_detail"), r.getLocalDate("since"), r.getList("products", String.class), r.getInstant("graded_at")));
        }
        return out;
    }
}
