package org.markauth.demo;

import io.vertx.core.json.JsonObject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code DemoScans --out=DIR [--verify-base=URL]}: sends today's demo scans ({@link DemoTargets})
 * to a running verify-api as a consumer's phone would after "share my approximate location": each
 * planned code to {@code POST /api/v1/verify} with its district's geocell in {@code geo}. verify-api
 * verifies, records the scan and counts it in {@code scan_hotspots} by its own scan path, so the
 * targets page shows today's scans as real ones. Each answer's verdict must be the planned one.
 *
 * <p>Run by ops/run after the services start (ops/run.d/30-demo-scans.sh). Once per demo: the
 * state records how many were answered ({@code targets.live.sent}, so a failed run resumes where it
 * stopped) and the day all were sent ({@code targets.live.sent-on}); a second ops/run sends none
 * (counters are not idempotent). All scans come from one client, which the counterfeit rules never
 * count as a second witness: the demo's genuine codes stay GENUINE.
 */
public final class DemoScans {

    private DemoScans() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(List.of(args), new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("demo scans: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("demo scans: failed: " + e);
            code = 1;
        }
        System.exit(code);
    }

    /** Sends what is left of today's scans; returns the exit code. */
    public static int run(List<String> args, PrintStream out) throws IOException, InterruptedException {
        Path dir = null;
        String verifyBase = "http://127.0.0.1:8080";
        for (String a : args) {
            if (a.startsWith("--out=")) {
                dir = Path.of(a.substring(6));
            } else if (a.startsWith("--verify-base=")) {
                verifyBase = a.substring(14).replaceAll("/+$", "");
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'; usage: DemoScans --out=DIR [--verify-base=URL]");
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--out=DIR is required: the demo folder the seed wrote (state.properties)");
        }
        Path demoDir = dir;
        DemoState st = DemoState.load(dir).orElseThrow(() -> new IllegalStateException("no demo state in " + demoDir
                + "; ops/run seeds the demo before it sends its scans"));
        List<DemoTargets.LiveScan> plan = DemoTargets.live(st);
        if (plan.isEmpty()) {
            out.println("demo scans: this demo was seeded before today's scans were sent for real; none sent (ops/run --reset plans them)");
            return 0;
        }
        if (DemoTargets.sentOn(st).isPresent()) {
            out.println("demo scans: the " + plan.size() + " real scans were sent on " + DemoTargets.sentOn(st).get()
                    + " (" + dir.resolve(DemoState.FILE) + "); none sent again");
            return 0;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        int done = DemoTargets.sent(st);
        try {
            for (; done < plan.size(); done++) {
                send(http, verifyBase, plan.get(done));
            }
        } finally {
            DemoTargets.sent(st, done);
            st.save(dir);
        }
        DemoTargets.sentOn(st, LocalDate.now(ZoneOffset.UTC));
        st.save(dir);
        Map<String, Integer> byVerdict = new TreeMap<>();
        Map<String, Integer> byCell = new TreeMap<>();
        plan.forEach(l -> {
            byVerdict.merge(l.verdict(), 1, Integer::sum);
            byCell.merge(l.cell(), 1, Integer::sum);
        });
        out.println("demo scans: sent " + plan.size() + " real consumer scans to " + verifyBase + "/api/v1/verify with a shared location "
                + byCell + " (verdicts " + byVerdict + "); the targets page counts them today");
        return 0;
    }

    /** One scan; the answer must be a verdict, and the planned one. */
    private static void send(HttpClient http, String verifyBase, DemoTargets.LiveScan l) throws IOException, InterruptedException {
        String body = new JsonObject().put("code", l.url()).put("geo", l.cell()).encode();
        HttpRequest req = HttpRequest.newBuilder(URI.create(verifyBase + "/api/v1/verify")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept-Language", "zh-CN")
                .header("User-Agent", "markauth-demo-scans").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("verify-api answered " + r.statusCode() + " to the scan of " + l.url() + " in " + l.cell()
                    + ": " + r.body().substring(0, Math.min(300, r.body().length())) + "; ops/run again resumes from this scan");
        }
        String code = new JsonObject(r.body()).getString("code");
        if (!l.verdict().equals(code)) {
            throw new IllegalStateException("verify-api said " + code + " of " + l.url() + ", the demo expects " + l.verdict()
                    + "; the demo's data changed since the seed (ops/run --reset for a clean slate)");
        }
    }
}
