package org.markauth.issuer.console;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's read models, each from a table designed for it: hot spots from verify-api's
 * per-day {@code scan_hotspots} counters (one small partition per day of the period), statistics
 * from the per-product and per-licensee daily counters (one partition, a day range), reports from
 * {@code reports_by_day}, officers' inspection records from verify-api's {@code inspections_by_day} and
 * {@code inspections_by_officer} (V014; one partition each) and the record itself by id. Nothing here
 * scans raw scan records.
 */
public final class ConsoleData {

    /** Scans in one place over a period, by verdict. */
    public record Spot(String place, Map<String, Long> byVerdict) {
        public long total() {
            return byVerdict.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Scans whose verdict is not GENUINE: what the map is about. */
        public long suspicious() {
            return byVerdict.entrySet().stream().filter(e -> !"GENUINE".equals(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }
    }

    /** One day of one product's or licensee's scans, by verdict. */
    public record Day(LocalDate day, Map<String, Long> byVerdict) {
        public long total() {
            return byVerdict.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A consumer report with its handling by an officer (V015 {@code report_handling}; nulls when none). */
    public record Report(Instant at, String reportId, String verdict, Integer batchId, String whereBought, String seller,
                         boolean hasPhoto, String place, String takenBy, String finding, String handlingNote) {
    }

    /** A received inspection record as the day's and the officer's lists hold it (V014). */
    public record InspectionRow(Instant receivedAt, java.util.UUID id, String officer, String deviceId, Instant startedAt, int units,
                                int seizures, int photos) {
        /** The device id's first 8 hex digits: enough to tell an officer's phones apart on a list. */
        public String shortDevice() {
            return deviceId == null || deviceId.length() <= 8 ? String.valueOf(deviceId) : deviceId.substring(0, 8);
        }
    }

    /**
     * A received inspection record as verify-api stored it: the bytes exactly as the device signed
     * them and what the server added. The device signature is not read: verify-api checked it on
     * receipt, and the evidence package is what proves it to anyone else.
     */
    public record StoredInspection(java.util.UUID id, byte[] record, byte[] recordSha256, String deviceId, String officer,
                                   Instant receivedAt, String instance) {
    }

    public static final int MAX_DAYS = 92;

    private final CqlSession s;
    private final PreparedStatement hotspots;
    private final PreparedStatement byProduct;
    private final PreparedStatement byLicensee;
    private final PreparedStatement reports;
    private final PreparedStatement handling;
    private final PreparedStatement inspectionsByDay;
    private final PreparedStatement inspectionsByOfficer;
    private final PreparedStatement inspection;

    public ConsoleData(CqlSession s) {
        this.s = s;
        hotspots = s.prepare("SELECT place, verdict, scans FROM scan_hotspots WHERE day = ?");
        byProduct = s.prepare("SELECT day, verdict, scans FROM scan_stats_by_product WHERE product_id = ? AND day >= ? AND day <= ?");
        byLicensee = s.prepare("SELECT day, verdict, scans FROM scan_stats_by_licensee WHERE licensee_id = ? AND day >= ? AND day <= ?");
        reports = s.prepare("SELECT at, report_id, verdict, batch_id, where_bought, seller, has_photo, cell, region "
                + "FROM reports_by_day WHERE day = ? LIMIT ?");
        handling = s.prepare("SELECT report_id, taken_by, finding, note FROM report_handling WHERE report_id IN ?");
        inspectionsByDay = s.prepare("SELECT received_at, id, officer, device_id, started_at, units, seizures, photos "
                + "FROM inspections_by_day WHERE day = ? LIMIT ?");
        inspectionsByOfficer = s.prepare("SELECT received_at, id, officer, device_id, started_at, units, seizures, photos "
                + "FROM inspections_by_officer WHERE officer = ? LIMIT ?");
        inspection = s.prepare("SELECT id, record, record_sha256, device_id, officer, received_at, instance "
                + "FROM inspection_records WHERE id = ?");
    }

    static void checkPeriod(LocalDate from, LocalDate to) {
        if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("the period must be 1 to " + MAX_DAYS + " days, got " + from + " to " + to);
        }
    }

    /** Scans per place over the period, most suspicious first. */
    public List<Spot> hotspots(LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        Map<String, Map<String, Long>> places = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            for (Row r : s.execute(hotspots.bind(d))) {
                places.computeIfAbsent(r.getString("place"), k -> new TreeMap<>()).merge(r.getString("verdict"), r.getLong("scans"), Long::sum);
            }
        }
        List<Spot> out = new ArrayList<>();
        places.forEach((p, v) -> out.add(new Spot(p, v)));
        out.sort((a, b) -> Long.compare(b.suspicious(), a.suspicious()));
        return out;
    }

    public List<Day> productDays(int productId, LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        return days(s.execute(byProduct.bind(productId, from, to)));
    }

    public List<Day> licenseeDays(String licenseeId, LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        return days(s.execute(byLicensee.bind(licenseeId, from, to)));
    }

    private static List<Day> days(Iterable<Row> rows) {
        Map<LocalDate, Map<String, Long>> m = new TreeMap<>();
        for (Row r : rows) {
            m.computeIfAbsent(r.getLocalDate("day"), k -> new TreeMap<>()).merge(r.getString("verdict"), r.getLong("scans"), Long::sum);
        }
        List<Day> out = new ArrayList<>();
        m.forEach((d, v) -> out.add(new Day(d, v)));
        return out;
    }

    public List<Report> reports(LocalDate day, int limit) {
        List<Row> rows = s.execute(reports.bind(day, limit)).all();
        // the handling of the day's reports in one read (the officers' work list writes it)
        java.util.Map<java.util.UUID, Row> handled = new java.util.HashMap<>();
        List<java.util.UUID> ids = rows.stream().map(r -> r.getUuid("report_id")).filter(java.util.Objects::nonNull).toList();
        if (!ids.isEmpty()) {
            s.execute(handling.bind(ids)).forEach(h -> handled.put(h.getUuid("report_id"), h));
        }
        List<Report> out = new ArrayList<>();
        for (Row r : rows) {
            String place = r.getString("cell") != null ? r.getString("cell") : r.getString("region");
            Row h = handled.get(r.getUuid("report_id"));
            out.add(new Report(Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))), String.valueOf(r.getUuid("report_id")),
                    r.getString("verdict"), r.isNull("batch_id") ? null : r.getInt("batch_id"), r.getString("where_bought"),
                    r.getString("seller"), r.getBoolean("has_photo"), place, h == null ? null : h.getString("taken_by"),
                    h == null ? null : h.getString("finding"), h == null ? null : h.getString("note")));
        }
        return out;
    }

    /** The inspection records received on a UTC day, newest first. */
    public List<InspectionRow> inspections(LocalDate day, int limit) {
        return s.execute(inspectionsByDay.bind(day, limit)).all().stream().map(ConsoleData::inspectionRow).toList();
    }

    /** An officer's inspection records, newest received first. */
    public List<InspectionRow> officerInspections(String officer, int limit) {
        return s.execute(inspectionsByOfficer.bind(officer, limit)).all().stream().map(ConsoleData::inspectionRow).toList();
    }

    public java.util.Optional<StoredInspection> inspection(java.util.UUID id) {
        Row r = s.execute(inspection.bind(id)).one();
        return r == null ? java.util.Optional.empty() : java.util.Optional.of(new StoredInspection(r.getUuid("id"),
                bytes(r.getByteBuffer("record")), bytes(r.getByteBuffer("record_sha256")), r.getString("device_id"),
                r.getString("officer"), r.getInstant("received_at"), r.getString("instance")));
    }

    private static InspectionRow inspectionRow(Row r) {
        return new InspectionRow(r.getInstant("received_at"), r.getUuid("id"), r.getString("officer"), r.getString("device_id"),
                r.getInstant("started_at"), r.getInt("units"), r.getInt("seizures"), r.getInt("photos"));
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        if (b == null) {
            return new byte[0];
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
