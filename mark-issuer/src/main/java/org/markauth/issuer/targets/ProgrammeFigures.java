package org.markauth.issuer.targets;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.markauth.issuer.console.ConsoleData;
import org.markauth.issuer.registry.Districts;

/**
 * Reads the programme's actual figures for the targets page: the registry's products, licences
 * and licensees (whole tables, paged: a programme has hundreds of products, not millions), the
 * hot-spot counters verify-api keeps per day and place ({@link ConsoleData#hotspots}) placed in
 * districts by {@link DistrictMap}, and the officers' handling of consumer reports (V015
 * {@code report_handling}). The counting rules are {@link Figures}'.
 *
 * <p>The registry's part (the five whole tables: products, licences, licensees, standards' versions,
 * complaint cases) is read once per {@code issuer.targets.figures-cache} (default 60 s) per
 * instance and kept in a one-entry Caffeine cache timed by the services' clock: a page view, a
 * reload or a CSV export within that time reads none of them. Those tables change a few times a day,
 * and a minute-old count is what a targets page needs; the cost of not caching is five full scans
 * per view, CSV exports included. The scans (a bounded read of the period's days) are read on every
 * view: they are the part that changes by the minute. Each instance keeps its own copy, so two
 * instances may differ by up to that time; {@code 0s} turns the cache off.
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

    /** The figures counted from the registry's tables: what the cache keeps. */
    private record RegistryFigures(long standardsMade, Figures.Counted counted, Figures.HandlingTimes handling) {
    }

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
    /** One entry (the registry's figures), or null when the cache is off. */
    private final LoadingCache<Boolean, RegistryFigures> cache;

    /**
     * @param cacheFor how long the registry's figures are kept on this instance ({@code issuer.targets.figures-cache});
     *                 zero reads them on every view
     */
    public ProgrammeFigures(CqlSession s, Clock clock, ConsoleData data, DistrictMap map, Duration cacheFor) {
        if (cacheFor == null || cacheFor.isNegative()) {
            throw new IllegalArgumentException("cacheFor must be zero (off) or more, got " + cacheFor);
        }
        this.s = s;
        this.clock = clock;
        this.data = data;
        this.map = map;
        // timed by the services' clock (Caffeine's Ticker wants nanoseconds), so tests move it with the clock
        this.cache = cacheFor.isZero() ? null : Caffeine.newBuilder().maximumSize(1).expireAfterWrite(cacheFor)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build(k -> readRegistry());
        products = s.prepare("SELECT product_id, licensee_id, category, standard_no FROM products LIMIT " + MAX_ROWS);
        licences = s.prepare("SELECT product_id, status, valid_until FROM licences LIMIT " + MAX_ROWS);
        licensees = s.prepare("SELECT licensee_id, uscc FROM licensees LIMIT " + MAX_ROWS);
        standards = s.prepare("SELECT standard_id, status FROM standards_versions LIMIT " + MAX_ROWS);
        handling = s.prepare("SELECT opened_at, closed_at FROM complaint_cases LIMIT " + MAX_ROWS);
    }

    /** Everything the page shows, scans over {@code from..to} (at most {@link ConsoleData#MAX_DAYS} days). */
    public Snapshot snapshot(LocalDate from, LocalDate to) {
        RegistryFigures r = cache == null ? readRegistry() : cache.get(Boolean.TRUE);
        List<ConsoleData.Spot> spots = data.hotspots(from, to);
        return new Snapshot(r.standardsMade(), r.counted(), Figures.scansByDistrict(spots, this::districtOf),
                Figures.hotSpots(spots, this::districtOf, MAX_HOT_SPOTS), r.handling());
    }

    /** The five registry tables read and counted (what the cache keeps). */
    private RegistryFigures readRegistry() {
        List<Figures.ProductRow> ps = products();
        List<Figures.LicenceRow> ls = new ArrayList<>();
        for (Row r : s.execute(licences.bind())) {
            ls.add(new Figures.LicenceRow(r.getInt("product_id"), r.getString("status"), r.getInstant("valid_until")));
        }
        List<Figures.LicenseeRow> ees = new ArrayList<>();
        for (Row r : s.execute(licensees.bind())) {
            ees.add(new Figures.LicenseeRow(r.getString("licensee_id"), r.getString("uscc")));
        }
        return new RegistryFigures(standardsMade(), Figures.count(ps, ls, ees, clock.instant()), caseHandlingTimes());
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
