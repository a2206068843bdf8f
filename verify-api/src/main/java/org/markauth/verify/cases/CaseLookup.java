package org.markauth.verify.cases;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.markauth.http.CqlFutures;
import org.markauth.registry.CaseNumbers;

/**
 * Reads a complaint case for its consumer (V026, written by the issuer): the case by its number,
 * opened only with its lookup code ({@link CaseNumbers#sameCode}, constant time), and its steps'
 * public sentences — never the office's internal reasons, the consumer's contact or anything about
 * the manufacturer beyond what those sentences say. A wrong code and an unknown number are the
 * same answer: empty.
 */
public final class CaseLookup {

    /** One step as the consumer reads it. */
    public record PublicStep(Instant at, String kind, String zh, String en) {
        public String text(String lang) {
            return "en".equals(lang) ? en : zh;
        }
    }

    /** A case as the consumer sees it. */
    public record PublicCase(String caseNo, String state, List<PublicStep> steps) {
    }

    private final CqlSession session;
    private final PreparedStatement read;
    private final PreparedStatement steps;
    private final PreparedStatement byReport;

    public CaseLookup(CqlSession session) {
        this.session = session;
        this.read = session.prepare("SELECT case_no, code, state FROM complaint_cases WHERE case_no = ?");
        this.steps = session.prepare("SELECT at, kind, public_zh, public_en FROM complaint_steps WHERE case_no = ?");
        this.byReport = session.prepare("SELECT case_no FROM complaint_sources WHERE source = ?");
    }

    /** The case when {@code code} is its lookup code; empty for an unknown number or a wrong code alike. */
    public Future<Optional<PublicCase>> find(String caseNo, String code) {
        return CqlFutures.future(session.executeAsync(read.bind(caseNo))).compose(rs -> {
            Row r = rs.one();
            // compared even when there is no such case, so the answer takes as long either way
            boolean same = CaseNumbers.sameCode(r == null ? "-" : r.getString("code"), code);
            if (r == null || !same) {
                return Future.succeededFuture(Optional.empty());
            }
            return publicCase(r.getString("case_no"), r.getString("state")).map(Optional::of);
        });
    }

    /** The case a consumer report became (the report's id is the reporter's own secret); empty when none yet. */
    public Future<Optional<PublicCase>> ofReport(UUID reportId) {
        return CqlFutures.future(session.executeAsync(byReport.bind("report:" + reportId))).compose(rs -> {
            Row r = rs.one();
            if (r == null) {
                return Future.succeededFuture(Optional.empty());
            }
            return CqlFutures.future(session.executeAsync(read.bind(r.getString(0)))).compose(c -> {
                Row row = c.one();
                return row == null ? Future.succeededFuture(Optional.<PublicCase>empty())
                        : publicCase(row.getString("case_no"), row.getString("state")).map(Optional::of);
            });
        });
    }

    private Future<PublicCase> publicCase(String caseNo, String state) {
        return CqlFutures.future(session.executeAsync(steps.bind(caseNo))).map(rs -> {
            List<PublicStep> out = new ArrayList<>();
            for (Row s : rs.currentPage()) {   // a case has a few dozen steps at most: one page
                if (s.getString("public_zh") != null) {
                    out.add(new PublicStep(Instant.ofEpochMilli(Uuids.unixTimestamp(s.getUuid("at"))), s.getString("kind"),
                            s.getString("public_zh"), s.getString("public_en")));
                }
            }
            return new PublicCase(caseNo, state, out);
        });
    }
}
