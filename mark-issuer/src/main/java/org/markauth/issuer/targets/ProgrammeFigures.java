package org.markauth.issuer.targets;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.markauth.issuer.console.ConsoleData;
import org.markauth.issuer.registry.Districts;

/**
 * Reads the programme's actual figures for the targets page: the registry's products, licences
 * and licensees (whole tables, paged: a programme has hundreds of products, not millions), the
 * hot-spot counters verify-api keeps per day and place ({@link ConsoleData#hotspots}) placed in
 * districts by {@link DistrictMap}, and the officers' handling of consumer reports (V015
 * {@code report_handling}). The counting rules are {@link Figures}'.
 *
 * <p>Two figures have their own method so the merge of issue 19 can switch their source in one
 * place: {@link #standardsMade()} (the standards registry's standards with a published version) and
 * {@link #caseHandlingTimes()} (complaint cases, opened to closed).
 */
public final class ProgrammeFigures {

    /** Rows read from each registry table at most: far above a programme's size, a bound on a page's cost. */
    public static final int MAX_ROWS = 50_000;
    /** Hot spots listed at most. */
    public static final int MAX_HOT_SPOTS = 50;

    /** What the targets page shows for a period of scans. */
    public record Snapshot(long standardsMade, Figures.Counted counted, List<Figures.DistrictScans> scans,
                           List<Figures.HotSpot> hotSpots, Figures.HandlingTimes handling) {
    }

    private final CqlSession s;
    private final Clock clock;
    private final ConsoleData data;
    private final DistrictMap map;
    private final PreparedStatement products;
    private final PreparedStatement licences;
    private final PreparedStatement licensees;
    private final PreparedStatement handling;
    private final PreparedStatement standards;

    public ProgrammeFigures(CqlSession s, Clock clock, ConsoleData data, DistrictMap map) {
        this.s = s;
        this.clock = clock;
        this.data = data;
        this.map = map;
        products = s.prepare("SELECT product_id, licensee_id, category, standard_no FROM products LIMIT " + MAX_ROWS);
        licences = s.prepare("SELECT product_id, status, valid_until FROM licences LIMIT " + MAX_ROWS);
        licensees = s.prepare("SELECT licensee_id, uscc FROM licensees LIMIT " + MAX_ROWS);
        standards = s.prepare("SELECT standard_id, status FROM standards_versions LIMIT " + MAX_ROWS);
        handling = s.prepare("SELECT opened_at, closed_at FROM complaint_cases LIMIT " + MAX_ROWS);
    }

    /** Everything the page shows, scans over {@code from..to} (at most {@link ConsoleData#MAX_DAYS} days). */
    public Snapshot snapshot(LocalDate from, LocalDate to) {
        List<Figures.ProductRow> ps = products();
        List<Figures.LicenceRow> ls = new ArrayList<>();
        for (Row r : s.execute(licences.bind())) {
            ls.add(new Figures.LicenceRow(r.getInt("product_id"), r.getString("status"), r.getInstant("valid_until")));
        }
        List<Figures.LicenseeRow> ees = new ArrayList<>();
        for (Row r : s.execute(licensees.bind())) {
            ees.add(new Figures.LicenseeRow(r.getString("licensee_id"), r.getString("uscc")));
        }
        List<ConsoleData.Spot> spots = data.hotspots(from, to);
        return new Snapshot(standardsMade(), Figures.count(ps, ls, ees, clock.instant()),
                Figures.scansByDistrict(spots, this::districtOf), Figures.hotSpots(spots, this::districtOf, MAX_HOT_SPOTS),
                caseHandlingTimes());
    }

    /**
     * The standards the programme has made: those of its standards registry with a version published
     * (in force, or revised by a newer one); drafts and withdrawn-only standards do not count.
     */
    public long standardsMade() {
        java.util.Set<String> made = new java.util.HashSet<>();
        for (Row r : s.execute(standards.bind())) {
            String st = r.getString("status");
            if ("PUBLISHED".equals(st) || "REVISED".equals(st)) {
                made.add(r.getString("standard_id"));
            }
        }
        return made.size();
    }

    /** How long complaint cases take, opened to closed (open ones are counted as open). */
    public Figures.HandlingTimes caseHandlingTimes() {
        List<Instant[]> cases = new ArrayList<>();
        for (Row r : s.execute(handling.bind())) {
            cases.add(new Instant[] {r.getInstant("opened_at"), r.getInstant("closed_at")});
        }
        return Figures.handling(cases);
    }

    private List<Figures.ProductRow> products() {
        List<Figures.ProductRow> out = new ArrayList<>();
        for (Row r : s.execute(products.bind())) {
            out.add(new Figures.ProductRow(r.getInt("product_id"), r.getString("licensee_id"), r.getString("category"),
                    r.getString("standard_no")));
        }
        return out;
    }

    /** The district code of a hot spot's place, null when it lies in none. */
    private String districtOf(String place) {
        return map.ofPlace(place).map(Districts.District::code).orElse(null);
    }
}
