package org.markauth.demo;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.markauth.access.Principal;
import org.markauth.issuer.app.IssuerServices;

/**
 * The demo's scans in Foshan's districts, for the targets page's map (docs/targets.md): two weeks of
 * consumer scans in each of the five districts, with counterfeit hot spots (FORGED and CLONED
 * verdicts) at a tile market in Nanhai and a sanitary-ware street in Shunde. A place is a
 * 5-character geocell, as verify-api keeps it when the consumer shares an approximate position on
 * the verdict page; the console places each cell in a district by its centre.
 *
 * <p>Two parts, because a seed runs before the services do:
 * <ul>
 * <li><b>The 13 earlier days are seeded history</b>, written here with the first seed straight into
 *     {@code scan_hotspots} (the same counter update as verify-api's ScanStore), with scans whose
 *     only origin was the client address (region CN-44: a province, never a district), which the
 *     page counts apart. Counters are not idempotent: a seeded keyspace is not seeded again.</li>
 * <li><b>Today's scans are real</b>: the seed only plans them ({@code targets.live.NN} in the demo
 *     state: place, expected verdict, a real code — activated units of the main batch, the demo's
 *     forged and cloned codes); {@link DemoScans}, run by ops/run once verify-api is up
 *     (ops/run.d/30-demo-scans.sh), sends each to verify-api's {@code POST /api/v1/verify} with the
 *     consumer's shared location, so they go through verify-api's own scan path into the counters.</li>
 * </ul>
 */
final class DemoTargets {

    /** A place and its daily scans by verdict. */
    record Place(String cell, String what, int genuine, int forged, int cloned) {
    }

    /** One of today's real scans: where, the verdict verify-api must give, the code as scanned. */
    record LiveScan(String cell, String verdict, String url) {
    }

    /** Days the targets page has demo scans for: the seeded history, then today's real scans. */
    static final int DAYS = 14;
    static final int HISTORY_DAYS = DAYS - 1;
    /** The main batch's first unit scanned today: activated, printed, used by no other part of the demo. */
    static final int LIVE_FIRST_UNIT = 101;
    /** One geocell per district (their centres lie inside: DistrictMapTest), then the address-only region. */
    static final List<Place> PLACES = List.of(
            new Place("ws06s", "禅城 祖庙商圈", 9, 0, 0),
            new Place("ws063", "南海 陶瓷市场", 6, 3, 1),
            new Place("ws03q", "顺德 乐从家具城", 5, 1, 1),
            new Place("ws05y", "三水 西南街道", 3, 0, 0),
            new Place("ws011", "高明 荷城街道", 2, 0, 0),
            new Place("CN-44", "address only", 4, 0, 0));

    private static final String LIVE = "targets.live.";

    private final IssuerServices s;

    DemoTargets(IssuerServices s) {
        this.s = s;
    }

    void seed(DemoState st) throws IOException {
        var bump = s.session.prepare("UPDATE scan_hotspots SET scans = scans + ? WHERE day = ? AND place = ? AND verdict = ?");
        LocalDate today = LocalDate.ofInstant(s.clock.instant(), ZoneOffset.UTC);
        long scans = 0;
        long suspicious = 0;
        for (int d = 1; d <= HISTORY_DAYS; d++) {
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
        plan(st, today);
    }

    /**
     * Today's scans, planned: in the five districts only (a scan with a shared location always has
     * a geocell), each genuine scan a unit of its own, forgeries alternating between the code signed
     * with an unknown key and the one with a copied signature, the clone the blocked code.
     */
    private void plan(DemoState st, LocalDate today) throws IOException {
        int genuine = PLACES.stream().filter(p -> !p.cell().startsWith("CN-")).mapToInt(Place::genuine).sum();
        var main = s.batches.find(Integer.parseInt(st.get("batch.main")));
        List<String> units = DemoProgramme.urls(s, Principal.regulator("demo-seed"), main, LIVE_FIRST_UNIT,
                LIVE_FIRST_UNIT + genuine - 1);
        String forged = urlOf(st, "FORGED");
        String unknownKey = urlOf(st, "UNKNOWN_KEY");
        String cloned = urlOf(st, "CLONED");
        List<LiveScan> plan = new ArrayList<>();
        int unit = 0;
        for (Place p : PLACES) {
            if (p.cell().startsWith("CN-")) {
                continue;
            }
            for (int i = 0; i < p.genuine(); i++) {
                plan.add(new LiveScan(p.cell(), "GENUINE", units.get(unit++)));
            }
            for (int i = 0; i < p.forged(); i++) {
                plan.add(i % 2 == 0 ? new LiveScan(p.cell(), "FORGED", forged) : new LiveScan(p.cell(), "UNKNOWN_KEY", unknownKey));
            }
            for (int i = 0; i < p.cloned(); i++) {
                plan.add(new LiveScan(p.cell(), "CLONED", cloned));
            }
        }
        for (int i = 0; i < plan.size(); i++) {
            LiveScan l = plan.get(i);
            st.put(String.format(LIVE + "%02d", i + 1), l.cell() + " " + l.verdict() + " " + l.url());
        }
        st.put(LIVE + "planned-on", today.toString());
    }

    private static String urlOf(DemoState st, String verdict) {
        return st.urls().stream().filter(e -> e.getKey().equals(verdict)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo state has no " + verdict + " code to scan")).getValue();
    }

    /** Today's planned real scans, in order; empty for a demo seeded before they existed. */
    static List<LiveScan> live(DemoState st) {
        List<LiveScan> l = new ArrayList<>();
        for (int i = 1; ; i++) {
            var line = st.find(String.format(LIVE + "%02d", i));
            if (line.isEmpty()) {
                return l;
            }
            String[] f = line.get().split(" ", 3);
            l.add(new LiveScan(f[0], f[1], f[2]));
        }
    }

    /** How many of today's scans verify-api has answered (the progress {@link DemoScans} keeps). */
    static int sent(DemoState st) {
        return st.find(LIVE + "sent").map(Integer::parseInt).orElse(0);
    }

    static void sent(DemoState st, int n) {
        st.put(LIVE + "sent", Integer.toString(n));
    }

    /** The day all of today's scans were sent, if they were. */
    static java.util.Optional<String> sentOn(DemoState st) {
        return st.find(LIVE + "sent-on");
    }

    static void sentOn(DemoState st, LocalDate day) {
        st.put(LIVE + "sent-on", day.toString());
    }

    static String summary(DemoState st, String issuerBase) {
        if (st.find("targets.scans").isEmpty()) {
            return "Programme targets: this demo was seeded before its scans in Foshan's districts existed; ops/run --reset seeds them\n\n";
        }
        List<LiveScan> live = live(st);
        String today = live.isEmpty()
                ? "this demo was seeded before today's scans were sent for real (ops/run --reset plans them)"
                : sentOn(st).map(d -> live.size() + " real consumer scans sent to verify-api on " + d + " (POST /api/v1/verify with the\n"
                        + "  consumer's shared location, through its own scan path)")
                .orElse(live.size() + " real consumer scans to send to verify-api once it is up (ops/run.d/30-demo-scans.sh; "
                        + sent(st) + " sent so far)");
        return "Programme targets and figures (docs/targets.md): " + issuerBase + "/console/targets (regulator console)\n"
                + "  targets per phase (the implementing opinion's 2023 and 2025 numbers) against standards, certified products and\n"
                + "  enterprises, by district and industry; demo scans over " + DAYS + " days on the map of Foshan's districts:\n"
                + "  the " + HISTORY_DAYS + " earlier days seeded as history (" + st.get("targets.scans") + " scans, "
                + st.get("targets.suspicious") + " suspicious), today's\n"
                + "  " + today + "; hot spots in Nanhai and Shunde; CSV export of each table\n\n";
    }
}
