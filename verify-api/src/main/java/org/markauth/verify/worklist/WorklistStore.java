package org.markauth.verify.worklist;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.markauth.http.CqlFutures;
import org.markauth.registry.AlertMove;
import org.markauth.registry.AlertStatus;
import org.markauth.verify.registry.RegistryReader;

/**
 * The Cassandra side of the officer's work list (V015), every read bounded: the officer's area (one
 * row), the open and taken alerts (the OPEN and INVESTIGATING partitions of {@code alerts_by_status},
 * {@value #ALERTS} rows each, filtered by region here), the consumer reports of the last
 * {@value #REPORT_DAYS} days ({@code reports_by_day}, {@value #REPORTS_PER_DAY} rows a day) with
 * their handling, and the officer's seizures ({@code seizures_by_officer}). Moving an alert uses
 * registry-contract's {@link AlertMove}, the same CQL the regulator's console runs, so both see one
 * state machine.
 */
public final class WorklistStore {

    static final int ALERTS = 500;
    static final int REPORT_DAYS = 30;
    static final int REPORTS_PER_DAY = 200;
    static final int SEIZURES = 200;

    /** An alert as {@code alert_by_id} holds it. */
    record Alert(UUID id, UUID at, AlertStatus status, String rule, Integer batchId, ByteBuffer serial, Integer productId,
                 String summary, String region, String takenBy, String finding) {
    }

    /** A row of an alert list or of a report list, as the work list shows it. */
    record Listed(UUID id, Instant at, String status, String rule, Integer batchId, String serial, Integer productId,
                  String summary, String region, String takenBy) {
    }

    /** A consumer report with its handling (taker and finding null when none). */
    record ListedReport(UUID id, Instant at, String verdict, Integer batchId, String serial, String whereBought, String seller,
                        boolean hasPhoto, String region, String takenBy, String finding) {
    }

    record Seizure(UUID inspection, Instant at, Integer batchId, String serial, String result, String place, String note) {
    }

    /** A device-signed inspection record (V014) that lists seizures: its id, when received, how many seizures and units. */
    record SeizureRecord(UUID id, Instant receivedAt, int seizures, int units) {
    }

    /** A report's place and handling: region of the report, taker, finding (each may be null). */
    record ReportState(String region, String takenBy, String finding) {
    }

    private final CqlSession session;
    private final Clock clock;
    private final PreparedStatement area;
    private final PreparedStatement list;
    private final PreparedStatement read;
    private final PreparedStatement setStatus;
    private final PreparedStatement removeFrom;
    private final PreparedStatement addTo;
    private final PreparedStatement history;
    private final PreparedStatement setFinding;
    private final PreparedStatement setFindingAny;
    private final PreparedStatement reportsOfDay;
    private final PreparedStatement reportRegion;
    private final PreparedStatement handling;
    private final PreparedStatement takeReport;
    private final PreparedStatement closeReport;
    private final PreparedStatement closeReportAny;
    private final PreparedStatement seizures;
    private final PreparedStatement records;

    public WorklistStore(CqlSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
        this.area = session.prepare("SELECT regions FROM officer_areas WHERE officer = ?");
        this.list = session.prepare(AlertMove.LIST);
        this.read = session.prepare(AlertMove.READ);
        this.setStatus = session.prepare(AlertMove.SET_STATUS);
        this.removeFrom = session.prepare(AlertMove.REMOVE_FROM);
        this.addTo = session.prepare(AlertMove.ADD_TO);
        this.history = session.prepare(AlertMove.HISTORY);
        this.setFinding = session.prepare(AlertMove.SET_FINDING);
        this.setFindingAny = session.prepare(AlertMove.SET_FINDING_ANY_TAKER);
        this.reportsOfDay = session.prepare("SELECT at, report_id, verdict, batch_id, serial, where_bought, seller, has_photo, region "
                + "FROM reports_by_day WHERE day = ? LIMIT " + REPORTS_PER_DAY);
        this.reportRegion = session.prepare("SELECT region FROM report_by_id WHERE report_id = ?");
        this.handling = session.prepare("SELECT taken_by, finding FROM report_handling WHERE report_id = ?");
        this.takeReport = session.prepare("INSERT INTO report_handling (report_id, taken_by, taken_at) VALUES (?, ?, ?) IF NOT EXISTS");
        this.closeReport = session.prepare("UPDATE report_handling SET finding = ?, note = ?, closed_at = ? WHERE report_id = ? "
                + "IF taken_by = ? AND finding = null");
        this.closeReportAny = session.prepare("UPDATE report_handling SET finding = ?, note = ?, closed_at = ? WHERE report_id = ? "
                + "IF finding = null");
        this.seizures = session.prepare("SELECT at, inspection_id, batch_id, serial, result, place, note FROM seizures_by_officer "
                + "WHERE officer = ? LIMIT " + SEIZURES);
        this.records = session.prepare("SELECT received_at, id, units, seizures FROM inspections_by_officer WHERE officer = ? LIMIT "
                + SEIZURES);
    }

    /** The officer's regions; empty when none was set. */
    Future<Set<String>> area(String officer) {
        return CqlFutures.future(session.executeAsync(area.bind(officer))).map(rs -> {
            Row r = rs.one();
            return r == null ? Set.<String>of() : Set.copyOf(r.getSet("regions", String.class));
        });
    }

    /** OPEN and INVESTIGATING alerts in the regions, newest first within each status. */
    Future<List<Listed>> alerts(Set<String> regions) {
        Future<List<Listed>> open = alertsIn(AlertStatus.OPEN, regions);
        Future<List<Listed>> taken = alertsIn(AlertStatus.INVESTIGATING, regions);
        return Future.all(open, taken).map(x -> {
            List<Listed> out = new ArrayList<>(open.result());
            out.addAll(taken.result());
            return out;
        });
    }

    private Future<List<Listed>> alertsIn(AlertStatus status, Set<String> regions) {
        return CqlFutures.future(session.executeAsync(list.bind(status.name(), ALERTS))).map(rs -> {
            List<Listed> out = new ArrayList<>();
            for (Row r : rs.currentPage()) {
                String region = r.getString("region");
                if (region != null && regions.contains(region)) {
                    out.add(new Listed(r.getUuid("alert_id"), RegistryReader.instantOf(r.getUuid("at")), status.name(),
                            r.getString("rule"), r.isNull("batch_id") ? null : r.getInt("batch_id"), hex(r.getByteBuffer("serial")),
                            r.isNull("product_id") ? null : r.getInt("product_id"), r.getString("summary"), region,
                            r.getString("taken_by")));
                }
            }
            return out;
        });
    }

    Future<Optional<Alert>> alert(UUID id) {
        return CqlFutures.future(session.executeAsync(read.bind(id))).map(rs -> {
            Row r = rs.one();
            if (r == null) {
                return Optional.empty();
            }
            return Optional.of(new Alert(id, r.getUuid("at"), AlertStatus.ofColumn(r.getString("status")), r.getString("rule"),
                    r.isNull("batch_id") ? null : r.getInt("batch_id"), r.getByteBuffer("serial"),
                    r.isNull("product_id") ? null : r.getInt("product_id"), r.getString("summary"), r.getString("region"),
                    r.getString("taken_by"), r.getString("finding")));
        });
    }

    /**
     * OPEN → INVESTIGATING taken by {@code officer}: the lightweight transaction first (false when
     * someone moved it meanwhile), then the list partitions and the history row, in one logged batch.
     */
    Future<Boolean> take(Alert a, String officer) {
        String from = AlertStatus.OPEN.name();
        String to = AlertStatus.INVESTIGATING.name();
        return CqlFutures.future(session.executeAsync(setStatus.bind(to, officer, a.id(), from))).compose(rs -> {
            if (!rs.wasApplied()) {
                return Future.succeededFuture(false);
            }
            BatchStatement b = BatchStatement.newInstance(BatchType.LOGGED,
                    removeFrom.bind(from, a.at()),
                    addTo.bind(to, a.at(), a.id(), a.rule(), a.batchId(), a.serial(), a.productId(), a.summary(), a.region(), officer),
                    history.bind(a.id(), Uuids.timeBased(), officer, from, to, "taken by " + officer));
            return CqlFutures.future(session.executeAsync(b)).map(true);
        });
    }

    /**
     * Records the outcome (one per alert) and its history row, INVESTIGATING → INVESTIGATING; false
     * when the condition failed (moved, another taker, recorded already: the caller re-reads to say which).
     */
    Future<Boolean> outcome(Alert a, String actor, boolean anyTaker, String finding, String note) {
        var st = anyTaker ? setFindingAny.bind(finding, a.id()) : setFinding.bind(finding, a.id(), actor);
        return CqlFutures.future(session.executeAsync(st)).compose(rs -> {
            if (!rs.wasApplied()) {
                return Future.succeededFuture(false);
            }
            String status = AlertStatus.INVESTIGATING.name();
            return CqlFutures.future(session.executeAsync(history.bind(a.id(), Uuids.timeBased(), actor, status, status, note)))
                    .map(true);
        });
    }

    /** Reports of the last {@value #REPORT_DAYS} days in the regions and not closed, newest first. */
    Future<List<ListedReport>> reports(Set<String> regions) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Future<List<ListedReport>>> days = new ArrayList<>();
        for (int d = 0; d < REPORT_DAYS; d++) {
            days.add(reportsOf(today.minusDays(d), regions));
        }
        return Future.all(days).compose(x -> {
            List<ListedReport> found = new ArrayList<>();
            days.forEach(f -> found.addAll(f.result()));
            List<Future<ListedReport>> withHandling = found.stream().map(r -> handlingOf(r.id()).map(h -> new ListedReport(r.id(),
                    r.at(), r.verdict(), r.batchId(), r.serial(), r.whereBought(), r.seller(), r.hasPhoto(), r.region(),
                    h.takenBy(), h.finding()))).toList();
            return Future.all(withHandling).map(y -> withHandling.stream().map(Future::result)
                    .filter(r -> r.finding() == null).toList());
        });
    }

    private Future<List<ListedReport>> reportsOf(LocalDate day, Set<String> regions) {
        return CqlFutures.future(session.executeAsync(reportsOfDay.bind(day))).map((AsyncResultSet rs) -> {
            List<ListedReport> out = new ArrayList<>();
            for (Row r : rs.currentPage()) {
                String region = r.getString("region");
                if (region != null && regions.contains(region)) {
                    out.add(new ListedReport(r.getUuid("report_id"), RegistryReader.instantOf(r.getUuid("at")), r.getString("verdict"),
                            r.isNull("batch_id") ? null : r.getInt("batch_id"), hex(r.getByteBuffer("serial")),
                            r.getString("where_bought"), r.getString("seller"), r.getBoolean("has_photo"), region, null, null));
                }
            }
            return out;
        });
    }

    private Future<ReportState> handlingOf(UUID report) {
        return CqlFutures.future(session.executeAsync(handling.bind(report))).map(rs -> {
            Row r = rs.one();
            return r == null ? new ReportState(null, null, null) : new ReportState(null, r.getString("taken_by"), r.getString("finding"));
        });
    }

    /** The report's region and handling; empty when no such report. */
    Future<Optional<ReportState>> report(UUID report) {
        return CqlFutures.future(session.executeAsync(reportRegion.bind(report))).compose(rs -> {
            Row r = rs.one();
            if (r == null) {
                return Future.succeededFuture(Optional.<ReportState>empty());
            }
            String region = r.getString("region");
            return handlingOf(report).map(h -> Optional.of(new ReportState(region, h.takenBy(), h.finding())));
        });
    }

    /** Takes the report for the officer; false when someone took it first. */
    Future<Boolean> takeReport(UUID report, String officer) {
        return CqlFutures.future(session.executeAsync(takeReport.bind(report, officer, clock.instant()))).map(AsyncResultSet::wasApplied);
    }

    /** Closes a taken report with the finding; false when the condition failed (caller re-reads to say why). */
    Future<Boolean> closeReport(UUID report, String actor, boolean anyTaker, String finding, String note) {
        Instant now = clock.instant();
        var st = anyTaker ? closeReportAny.bind(finding, note, now, report) : closeReport.bind(finding, note, now, report, actor);
        return CqlFutures.future(session.executeAsync(st)).map(AsyncResultSet::wasApplied);
    }

    /** The officer's seizures, newest first. */
    Future<List<Seizure>> seizures(String officer) {
        return CqlFutures.future(session.executeAsync(seizures.bind(officer))).map(rs -> {
            List<Seizure> out = new ArrayList<>();
            for (Row r : rs.currentPage()) {
                out.add(new Seizure(r.getUuid("inspection_id"), RegistryReader.instantOf(r.getUuid("at")),
                        r.isNull("batch_id") ? null : r.getInt("batch_id"), hex(r.getByteBuffer("serial")), r.getString("result"),
                        r.getString("place"), r.getString("note")));
            }
            return out;
        });
    }

    /** The officer's signed inspection records (newest {@value #SEIZURES}) that list at least one seizure. */
    Future<List<SeizureRecord>> seizureRecords(String officer) {
        return CqlFutures.future(session.executeAsync(records.bind(officer))).map(rs -> {
            List<SeizureRecord> out = new ArrayList<>();
            for (Row r : rs.currentPage()) {
                int n = r.isNull("seizures") ? 0 : r.getInt("seizures");
                if (n > 0) {
                    out.add(new SeizureRecord(r.getUuid("id"), r.getInstant("received_at"), n, r.isNull("units") ? 0 : r.getInt("units")));
                }
            }
            return out;
        });
    }

    private static String hex(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return HexFormat.of().formatHex(a);
    }
}
