package org.markauth.issuer.targets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.markauth.issuer.console.ConsoleData;
import org.markauth.issuer.registry.Districts;
import org.markauth.registry.LicenceStatus;

/**
 * The programme's figures, counted from rows already read (pure: {@link ProgrammeFigures} reads,
 * this counts, so the rules are unit-tested). The rules, as docs/targets.md states them:
 * <ul>
 * <li>a <b>certified product</b> is one whose licence is ACTIVE and not past its end;</li>
 * <li>an <b>enterprise</b> is a licensee with at least one certified product;</li>
 * <li>an enterprise's <b>district</b> is {@link Districts#of} its USCC (outside Foshan's five, or no
 *     valid USCC: {@link #OTHER}); a product counts in its licensee's district;</li>
 * <li>a product's <b>industry</b> is its category ({@link #OTHER} when blank);</li>
 * <li>a district's or industry's <b>standards</b> are the distinct standard numbers its certified products carry.</li>
 * </ul>
 */
public final class Figures {

    /** The group of what has no district or industry. */
    public static final String OTHER = "other";

    public record ProductRow(int productId, String licenseeId, String category, String standardNo) {
    }

    public record LicenceRow(int productId, String status, Instant validUntil) {
        boolean certified(Instant now) {
            return LicenceStatus.ACTIVE.name().equals(status) && (validUntil == null || validUntil.isAfter(now));
        }
    }

    public record LicenseeRow(String licenseeId, String uscc) {
    }

    /** One district's or industry's counts. */
    public record Group(String key, long standards, long products, long enterprises) {
    }

    /** One district's scans over a period: all, and those whose verdict was not GENUINE. */
    public record DistrictScans(String key, long scans, long suspicious) {
    }

    /** A hot spot: its place, the district it lies in (null when none), its scans. */
    public record HotSpot(String place, String district, long scans, long suspicious) {
    }

    /** How long closed cases took: how many closed and open, the median and 90th percentile (null with none closed). */
    public record HandlingTimes(long closed, long open, Duration median, Duration p90) {
    }

    public record Counted(long certifiedProducts, long enterprises, List<Group> byDistrict, List<Group> byIndustry) {
    }

    private Figures() {
    }

    /** The certified products and enterprises, in all and by district (Foshan's five in code order, then other) and industry. */
    public static Counted count(Collection<ProductRow> products, Collection<LicenceRow> licences, Collection<LicenseeRow> licensees,
                                Instant now) {
        Set<Integer> certified = new HashSet<>();
        licences.stream().filter(l -> l.certified(now)).forEach(l -> certified.add(l.productId()));
        Map<String, String> districtOf = new HashMap<>();
        licensees.forEach(l -> districtOf.put(l.licenseeId(), Districts.of(l.uscc()).map(Districts.District::code).orElse(OTHER)));
        List<ProductRow> live = products.stream().filter(p -> certified.contains(p.productId())).toList();
        Map<String, Acc> byDistrict = new LinkedHashMap<>();
        Districts.FOSHAN.forEach(d -> byDistrict.put(d.code(), new Acc()));
        byDistrict.put(OTHER, new Acc());
        Map<String, Acc> byIndustry = new TreeMap<>();   // by name
        Set<String> enterprises = new HashSet<>();
        for (ProductRow p : live) {
            enterprises.add(p.licenseeId());
            byDistrict.get(districtOf.getOrDefault(p.licenseeId(), OTHER)).add(p);
            String industry = p.category() == null || p.category().isBlank() ? OTHER : p.category().strip();
            byIndustry.computeIfAbsent(industry, k -> new Acc()).add(p);
        }
        Map<String, Acc> industries = new LinkedHashMap<>(byIndustry);   // the uncategorised last, after the named industries
        Acc other = industries.remove(OTHER);
        if (other != null) {
            industries.put(OTHER, other);
        }
        return new Counted(live.size(), enterprises.size(), groups(byDistrict), groups(industries));
    }

    /** Scans per district (Foshan's five, then {@link #OTHER} for places in no district) from the hot-spot counters. */
    public static List<DistrictScans> scansByDistrict(List<ConsoleData.Spot> spots, Function<String, String> districtOfPlace) {
        Map<String, long[]> m = new LinkedHashMap<>();
        Districts.FOSHAN.forEach(d -> m.put(d.code(), new long[2]));
        m.put(OTHER, new long[2]);
        for (ConsoleData.Spot s : spots) {
            String d = districtOfPlace.apply(s.place());
            long[] n = m.get(d == null ? OTHER : d);
            n[0] += s.total();
            n[1] += s.suspicious();
        }
        List<DistrictScans> out = new ArrayList<>();
        m.forEach((k, n) -> out.add(new DistrictScans(k, n[0], n[1])));
        return out;
    }

    /** The places with suspicious scans, most first, at most {@code limit}. */
    public static List<HotSpot> hotSpots(List<ConsoleData.Spot> spots, Function<String, String> districtOfPlace, int limit) {
        return spots.stream().filter(s -> s.suspicious() > 0)
                .sorted((a, b) -> Long.compare(b.suspicious(), a.suspicious()))
                .limit(limit)
                .map(s -> new HotSpot(s.place(), districtOfPlace.apply(s.place()), s.total(), s.suspicious())).toList();
    }

    /** The handling times of cases given as (taken, closed) pairs; a case without a close is open. */
    public static HandlingTimes handling(List<Instant[]> cases) {
        List<Duration> took = new ArrayList<>();
        long open = 0;
        for (Instant[] c : cases) {
            if (c[0] != null && c[1] != null && !c[1].isBefore(c[0])) {
                took.add(Duration.between(c[0], c[1]));
            } else if (c[1] == null) {
                open++;
            }
        }
        took.sort(null);
        return new HandlingTimes(took.size(), open, percentile(took, 50), percentile(took, 90));
    }

    /** The nearest-rank percentile ({@code ceil(p/100 · n)}-th smallest), null for no values. */
    static Duration percentile(List<Duration> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    private static List<Group> groups(Map<String, Acc> m) {
        List<Group> out = new ArrayList<>();
        m.forEach((k, a) -> out.add(new Group(k, a.standards.size(), a.products, a.enterprises.size())));
        return out;
    }

    private static final class Acc {
        final Set<String> standards = new HashSet<>();
        final Set<String> enterprises = new HashSet<>();
        long products;

        void add(ProductRow p) {
            products++;
            enterprises.add(p.licenseeId());
            if (p.standardNo() != null && !p.standardNo().isBlank()) {
                standards.add(p.standardNo().strip());
            }
        }
    }
}
