package org.markauth.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.markauth.issuer.app.IssuerServices;

/**
 * The demo's scans in Foshan's districts, for the targets page's map (docs/targets.md): two weeks of
 * consumer scans in each of the five districts, as verify-api counts them when the consumer shares an
 * approximate position on the verdict page — a 5-character geocell kept as the hot spot's place in
 * {@code scan_hotspots} (the same counter update as verify-api's ScanStore) — with counterfeit hot
 * spots (FORGED and CLONED verdicts) at a tile market in Nanhai and a sanitary-ware street in
 * Shunde, and scans whose only origin was the client address (region CN-44: a province, never a
 * district), which the page counts apart. The console places each cell in a district by its centre.
 * Written once, with the first seed (counters are not idempotent; a seeded keyspace is not seeded again).
 */
final class DemoTargets {

    /** A place and its daily scans by verdict. */
    private record Place(String cell, String what, int genuine, int forged, int cloned) {
    }

    static final int DAYS = 14;
    /** One geocell per district (their centres lie inside: DistrictMapTest), then the address-only region. */
    private static final List<Place> PLACES = List.of(
            new Place("ws06s", "禅城 祖庙商圈", 9, 0, 0),
            new Place("ws063", "南海 陶瓷市场", 6, 3, 1),
            new Place("ws03q", "顺德 乐从家具城", 5, 1, 1),
            new Place("ws05y", "三水 西南街道", 3, 0, 0),
            new Place("ws011", "高明 荷城街道", 2, 0, 0),
            new Place("CN-44", "address only", 4, 0, 0));

    private final IssuerServices s;

    DemoTargets(IssuerServices s) {
        this.s = s;
    }

    void seed(DemoState st) {
        var bump = s.session.prepare("UPDATE scan_hotspots SET scans = scans + ? WHERE day = ? AND place = ? AND verdict = ?");
        LocalDate today = LocalDate.ofInstant(s.clock.instant(), ZoneOffset.UTC);
        long scans = 0;
        long suspicious = 0;
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = today.minusDays(d);
            int wave = 1 + (d % 3);   // a little variation from day to day
            for (Place p : PLACES) {
                long g = (long) p.genuine() * wave;
                s.session.execute(bump.bind(g, day, p.cell(), "GENUINE"));
                scans += g;
                if (p.forged() > 0) {
                    s.session.execute(bump.bind((long) p.forged(), day, p.cell(), "FORGED"));
                }
                if (p.cloned() > 0) {
                    s.session.execute(bump.bind((long) p.cloned(), day, p.cell(), "CLONED"));
                }
                scans += p.forged() + p.cloned();
                suspicious += p.forged() + p.cloned();
            }
        }
        st.put("targets.scans", Long.toString(scans));
        st.put("targets.suspicious", Long.toString(suspicious));
    }

    static String summary(DemoState st, String issuerBase) {
        if (st.find("targets.scans").isEmpty()) {
            return "Programme targets: this demo was seeded before its scans in Foshan's districts existed; ops/run --reset seeds them\n\n";
        }
        return "Programme targets and figures (docs/targets.md): " + issuerBase + "/console/targets (regulator console)\n"
                + "  targets per phase (the implementing opinion's 2023 and 2025 numbers) against standards, certified products and\n"
                + "  enterprises, by district and industry; " + st.get("targets.scans") + " demo scans over " + DAYS + " days on the map of\n"
                + "  Foshan's districts (" + st.get("targets.suspicious") + " suspicious, hot spots in Nanhai and Shunde); CSV export of each table\n\n";
    }
}
