package org.markauth.issuer.portal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.console.AlertWorkflow;
import org.markauth.issuer.console.ConsoleData;

/**
 * The portal's read models, each limited to one licensee. Batches come a page at a time from
 * {@code batches_by_licensee} (the driver's safe paging state is the page link). Alerts and
 * reports have no per-licensee table (verify-api writes them per status and per day): the newest
 * {@value #SCAN_ROWS} rows of the asked status or day are read and those about the licensee's
 * products or batches kept, so a list is bounded however busy the programme is (said on the page).
 * Places come from {@code batch_scan_places} of the licensee's newest batches. Nothing here hands
 * out a consumer's contact, client hash or photo.
 */
public final class PortalData {

    /** How many rows of a shared partition (alerts of a status, reports of a day) one list reads at most. */
    public static final int SCAN_ROWS = 5000;

    /** A page of a list and the link to the next one (null: the last page). */
    public record Page<T>(List<T> items, String next) {
    }

    /** A consumer report as the manufacturer sees it: no contact, no client hash, no photo. */
    public record Report(UUID reportId, Instant at, String verdict, Integer batchId, String whereBought, String seller,
                         boolean hasPhoto, String place, String finding) {
    }

    private final CqlSession s;
    private final BatchStore batches;
    private final PreparedStatement batchPage;
    private final PreparedStatement alerts;
    private final PreparedStatement reports;
    private final PreparedStatement report;
    private final PreparedStatement handling;
    private final PreparedStatement places;

    public PortalData(CqlSession s, BatchStore batches) {
        this.s = s;
        this.batches = batches;
        batchPage = s.prepare("SELECT batch_id FROM batches_by_licensee WHERE licensee_id = ?");
        alerts = s.prepare("SELECT at, alert_id, rule, batch_id, serial, product_id, summary, region, taken_by "
                + "FROM alerts_by_status WHERE status = ? LIMIT " + SCAN_ROWS);
        reports = s.prepare("SELECT at, report_id, verdict, batch_id, where_bought, seller, has_photo, cell, region "
                + "FROM reports_by_day WHERE day = ? LIMIT " + SCAN_ROWS);
        report = s.prepare("SELECT report_id, at, verdict, batch_id, where_bought, seller, photo_type, cell, region "
                + "FROM report_by_id WHERE report_id = ?");
        handling = s.prepare("SELECT finding FROM report_handling WHERE report_id = ?");
        places = s.prepare("SELECT place FROM batch_scan_places WHERE batch_id = ?");
    }

    /** A page of the licensee's batch ids, newest first; {@code page} is the link of the page before (null: the first). */
    public Page<Integer> batchIds(String licenseeId, String page, int size) {
        BoundStatement b = batchPage.bind(licenseeId).setPageSize(size);
        if (page != null && !page.isBlank()) {
            try {
                b = b.setPagingState(PagingState.fromString(page.strip()), s);
            } catch (RuntimeException e) {   // not base64, not a paging state, or another statement's
                throw new IllegalArgumentException("page is not a page link of this list; open the list from its first page");
            }
        }
        ResultSet rs = s.execute(b);
        List<Integer> ids = new ArrayList<>();
        int n = rs.getAvailableWithoutFetching();
        for (Row r : rs) {
            ids.add(r.getInt(0));
            if (--n == 0) {
                break;
            }
        }
        PagingState next = rs.getExecutionInfo().getSafePagingState();
        return new Page<>(ids, next == null ? null : next.toString());
    }

    /** Alerts in {@code status} about {@code products}, newest first, at most {@code limit}. */
    public List<AlertWorkflow.Alert> alerts(String status, Set<Integer> products, int limit) {
        List<AlertWorkflow.Alert> out = new ArrayList<>();
        for (Row r : s.execute(alerts.bind(status))) {
            if (r.isNull("product_id") || !products.contains(r.getInt("product_id"))) {
                continue;
            }
            UUID at = r.getUuid("at");
            out.add(new AlertWorkflow.Alert(r.getUuid("alert_id"), Instant.ofEpochMilli(Uuids.unixTimestamp(at)), at, status,
                    r.getString("rule"), r.isNull("batch_id") ? null : r.getInt("batch_id"), r.getByteBuffer("serial"),
                    r.getInt("product_id"), r.getString("summary"), null, r.getString("region"), r.getString("taken_by"), null));
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /** The day's consumer reports about the licensee's batches, newest first, at most {@code limit}. */
    public List<Report> reports(String licenseeId, java.time.LocalDate day, int limit) {
        Function<Integer, Boolean> ours = owner(licenseeId);
        List<Report> out = new ArrayList<>();
        for (Row r : s.execute(reports.bind(day))) {
            if (r.isNull("batch_id") || !ours.apply(r.getInt("batch_id"))) {
                continue;
            }
            out.add(new Report(r.getUuid("report_id"), Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), r.getString("verdict"),
                    r.getInt("batch_id"), r.getString("where_bought"), r.getString("seller"), r.getBoolean("has_photo"),
                    place(r), finding(r.getUuid("report_id"))));
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /** One report about the licensee's batches; empty for a missing one and for another licensee's alike. */
    public Optional<Report> report(String licenseeId, UUID id) {
        Row r = s.execute(report.bind(id)).one();
        if (r == null || r.isNull("batch_id") || !owner(licenseeId).apply(r.getInt("batch_id"))) {
            return Optional.empty();
        }
        return Optional.of(new Report(id, r.getUuid("at") == null ? null : Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))),
                r.getString("verdict"), r.getInt("batch_id"), r.getString("where_bought"), r.getString("seller"),
                r.getString("photo_type") != null, place(r), finding(id)));
    }

    /** Where units of these batches were last scanned: per place (a ~5 km cell or a region), how many of the batches. */
    public List<ConsoleData.Spot> places(List<Integer> batchIds) {
        Map<String, Long> seen = new TreeMap<>();
        for (int b : batchIds) {
            for (Row r : s.execute(places.bind(b))) {
                seen.merge(r.getString(0), 1L, Long::sum);
            }
        }
        List<ConsoleData.Spot> out = new ArrayList<>();
        seen.forEach((place, n) -> out.add(new ConsoleData.Spot(place, Map.of("SEEN", n))));
        out.sort((a, b) -> Long.compare(b.total(), a.total()));
        return out;
    }

    /** Whether a batch is the licensee's, each batch read once per list. */
    private Function<Integer, Boolean> owner(String licenseeId) {
        Map<Integer, Boolean> known = new HashMap<>();
        return id -> known.computeIfAbsent(id, b -> batches.batch(b).map(x -> x.licenseeId().equals(licenseeId)).orElse(false));
    }

    private String finding(UUID reportId) {
        Row h = reportId == null ? null : s.execute(handling.bind(reportId)).one();
        return h == null ? null : h.getString(0);
    }

    private static String place(Row r) {
        return r.getString("cell") != null ? r.getString("cell") : r.getString("region");
    }
}
