package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.drills.Endpoint.Auth;
import org.markauth.drills.Endpoint.Service;
import org.markauth.drills.Hostile.Probe;
import org.markauth.drills.Hostile.Req;

/**
 * Hostile input over every route of both services (docs/reliability.md, "Hostile input"): the
 * verify-api child of the {@link DrillWorld} and a mark-issuer child ({@link IssuerWorld}), each route
 * of their OpenAPI documents and the unlisted ones ({@link ApiCatalogue}) tried with the same case
 * families ({@link RouteCases}, plus the verify-api's own {@link Hostile#verifyDeep}), raw-socket
 * framing included. Each (route, case) group runs its repetitions in parallel and alone, so that the
 * ERROR lines the services log meanwhile are the group's. PASS: at least {@code --requests} requests,
 * every catalogued route tried, 0 answers >= 500, 0 ERROR lines in either service's log during the
 * run, no answer carrying stack-trace or parser internals, both services still up.
 */
final class HostileDrill implements Scenario {

    /** What an answer must never show a client: stack traces, class names, the JSON parser's own words. */
    static final List<String> LEAK_MARKERS = List.of("Exception", "\tat ", "at org.", "at java.", "at io.", "com.fasterxml", "jackson",
            "Jackson", "Unrecognized field", "Unrecognized token", "Cannot deserialize", "Cannot construct", "Unexpected character",
            "[Source:", "io.vertx", "io.netty", "java.lang.", "java.util.", "org.markauth.", "Caused by:", "DecodeException");
    private static final Pattern ERROR_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d[,.]\\d{3} ERROR ");
    /** Framing a proxy and the service could read differently: refused (400) or closed is right, anything else is a finding. */
    private static final Set<String> AMBIGUOUS = Set.of("raw-cl-te", "raw-duplicate-host", "raw-obs-fold", "raw-no-host");

    private final DrillOptions options;
    private final DrillReport report;

    /** The issuer's world, set up in the background while the verify-api's is (both take a keyspace and a JVM start). */
    private final java.util.concurrent.CompletableFuture<IssuerWorld> issuerWorld;

    HostileDrill(DrillOptions options, DrillReport report) throws java.io.IOException {
        this.options = options;
        this.report = report;
        java.nio.file.Files.createDirectories(options.work());
        this.issuerWorld = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return IssuerWorld.open(options.work(), options.scenario());
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Override
    public void close() {
        try {
            issuerWorld.join().close();
        } catch (RuntimeException e) {
            System.err.println("closing the issuer's world: " + e);
        }
    }

    /** One (route, case) group's outcomes. */
    static final class Group {
        final Probe probe;
        final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        final AtomicInteger fiveXX = new AtomicInteger();
        final AtomicInteger leaks = new AtomicInteger();
        final AtomicInteger reflected = new AtomicInteger();
        final AtomicInteger transport = new AtomicInteger();
        final Set<String> paths = ConcurrentHashMap.newKeySet();
        volatile String sample;
        volatile boolean finished;
        volatile int errorLines;
        volatile int logLines;
        volatile String errorSample;

        Group(Probe probe) {
            this.probe = probe;
        }

        void outcome(String o) {
            outcomes.computeIfAbsent(o, k -> new AtomicInteger()).incrementAndGet();
        }

        boolean failed() {
            return fiveXX.get() > 0 || leaks.get() > 0 || errorLines > 0;
        }

        String line() {
            return String.format("%s | %s | %s | 5xx=%d error_lines=%d leaks=%d%s%s", probe.route().label(), probe.kind(),
                    new TreeMap<>(outcomes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))),
                    fiveXX.get(), errorLines, leaks.get(), sample == null ? "" : " | answer: " + sample,
                    errorSample == null ? "" : " | log: " + errorSample);
        }
    }

    /** New lines of a service's log since the last read. */
    static final class LogTail {
        private final Path file;
        private long offset;
        private String partial = "";

        LogTail(Path file) {
            this.file = file;
        }

        List<String> read() {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long len = f.length();
                if (len <= offset) {
                    return List.of();
                }
                byte[] b = new byte[(int) Math.min(len - offset, 64L * 1024 * 1024)];
                f.seek(offset);
                f.readFully(b);
                offset += b.length;
                String text = partial + new String(b, StandardCharsets.UTF_8);
                int cut = text.lastIndexOf('\n');
                partial = text.substring(cut + 1);
                return cut < 0 ? List.of() : List.of(text.substring(0, cut).split("\n"));
            } catch (IOException e) {
                return List.of();
            }
        }
    }

    @Override
    public void run(DrillWorld world) throws Exception {
        int concurrency = options.concurrency().orElse(8);
        // verify-api's credentials, in its keyspace: bulk verification and the officer routes take an officer's or the regulator's
        ApiKeyStore keys = ApiKeyStore.create(world.session, Clock.systemUTC());
        Map<String, String> verifyTokens = new LinkedHashMap<>();
        verifyTokens.put("officer", keys.issue(Principal.officer("drill-officer")).toCompletableFuture().get());
        verifyTokens.put("regulator", keys.issue(Principal.regulator("drill-regulator")).toCompletableFuture().get());
        verifyTokens.put("manufacturer", keys.issue(Principal.manufacturer("drill-maker", "DRILL-A")).toCompletableFuture().get());
        String revoked = keys.issue(Principal.officer("drill-officer-revoked")).toCompletableFuture().get();
        keys.revoke(revoked).toCompletableFuture().get();
        verifyTokens.put("revoked", revoked);
        byte[] photo = jpeg(300 * 1024);
        {
            IssuerWorld issuer = issuerWorld.join();
            issuer.seed();
            List<Endpoint> catalogue = ApiCatalogue.all();
            RouteCases cases = new RouteCases(new RouteCases.World(world, issuer, verifyTokens, photo));
            List<Probe> probes = new ArrayList<>();
            for (Endpoint e : catalogue) {
                probes.addAll(cases.of(e));
            }
            probes.addAll(Hostile.verifyDeep((method, uri) -> routeOf(catalogue, method, uri), world.programme, world.product, world.batch,
                    world.serials, verifyTokens.get("officer"), revoked));
            int reps = Math.max(1, (options.requests() + probes.size() - 1) / probes.size());
            long listedV = catalogue.stream().filter(e -> e.listed() && e.service() == Service.VERIFY).count();
            long listedI = catalogue.stream().filter(e -> e.listed() && e.service() == Service.ISSUER).count();
            say(String.format("%d routes (%d + %d from the OpenAPI documents of verify-api and mark-issuer, %d unlisted), %d (route, case) "
                    + "groups x %d, %d at a time", catalogue.size(), listedV, listedI, catalogue.size() - listedV - listedI, probes.size(),
                    reps, Math.min(reps, concurrency)));
            attack(world, issuer, catalogue, probes, reps, concurrency);
        }   // the issuer's world is closed with the scenario
    }

    /** Console groups that ran with the last token: no console page gave a fresh one (a FINDING). */
    private final AtomicInteger refreshFailures = new AtomicInteger();

    /** The groups in flight on each service since the last read of its log, and the paths their requests took. */
    private final Map<Service, Map<Group, Boolean>> recent = new ConcurrentHashMap<>();

    private void attack(DrillWorld world, IssuerWorld issuer, List<Endpoint> catalogue, List<Probe> probes, int reps, int concurrency)
            throws Exception {
        Map<Service, LogTail> logs = Map.of(Service.VERIFY, new LogTail(world.verify.log()), Service.ISSUER,
                new LogTail(issuer.process.log()));
        int startupErrors = errors(logs.get(Service.VERIFY).read()) + errors(logs.get(Service.ISSUER).read());
        RawHttp.Idle idleVerify = new RawHttp.Idle(world.port);
        RawHttp.Idle idleIssuer = new RawHttp.Idle(issuer.port);
        int perGroup = Math.min(reps, concurrency);
        // lanes: groups run one after the other in a lane, lanes side by side (each service's own); what a service logs
        // while groups run is attributed by the path it names ("request GET /x failed"), else to every group then in flight
        int lanes = Math.max(1, concurrency / (2 * perGroup));
        ExecutorService rawPool = Executors.newFixedThreadPool(Math.max(2, 2 * lanes * perGroup));
        List<Group> groups = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<Service, long[]> logLines = Map.of(Service.VERIFY, new long[2], Service.ISSUER, new long[2]);   // lines, ERROR lines
        for (Service s : Service.values()) {
            recent.put(s, new ConcurrentHashMap<>());
        }
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (running.get()) {
                logs.forEach((s, log) -> attribute(s, log, logLines.get(s)));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "drill-log-reader");
        reader.start();
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Probe> verifyQueue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.ConcurrentLinkedQueue<Probe> issuerQueue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        // shuffled (the same order every run): lanes side by side work on different routes, so that the path a service logs
        // names the group that caused the line
        List<Probe> order = new ArrayList<>(probes);
        java.util.Collections.shuffle(order, new java.util.Random(15));
        order.forEach(p -> (p.route().service() == Service.VERIFY ? verifyQueue : issuerQueue).add(p));
        // the issuer has about four times the routes: it gets the lanes in proportion
        int issuerLanes = Math.max(1, (int) Math.round(2.0 * lanes * issuerQueue.size() / Math.max(1, probes.size())));
        int verifyLanes = Math.max(1, 2 * lanes - issuerLanes);
        for (int l = 0; l < verifyLanes + issuerLanes; l++) {
            java.util.Queue<Probe> queue = l < verifyLanes ? verifyQueue : issuerQueue;
            Thread t = new Thread(() -> {
                Probe p;
                while ((p = queue.poll()) != null) {
                    try {
                        groups.add(runGroup(p, world, issuer, reps, perGroup, rawPool));
                    } catch (Exception e) {
                        report.fail("group " + p.route().label() + " " + p.kind() + ": " + e);
                    }
                    int n = done.incrementAndGet();
                    if (n % 500 == 0) {
                        say(String.format("progress: %d of %d groups, %.0f s; 5xx %d, ERROR lines %d + %d", n, probes.size(),
                                (System.nanoTime() - t0) / 1e9, List.copyOf(groups).stream().mapToInt(x -> x.fiveXX.get()).sum(),
                                logLines.get(Service.VERIFY)[1], logLines.get(Service.ISSUER)[1]));
                    }
                }
            }, "drill-lane-" + l);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        rawPool.shutdown();
        Thread.sleep(1000);
        running.set(false);
        reader.join();
        logs.forEach((s, log) -> attribute(s, log, logLines.get(s)));
        int[] lines = {(int) logLines.get(Service.VERIFY)[0], (int) logLines.get(Service.ISSUER)[0]};
        int[] errorLines = {(int) logLines.get(Service.VERIFY)[1], (int) logLines.get(Service.ISSUER)[1]};
        say(String.format("%d lanes (%d verify-api, %d mark-issuer), %d requests of a group at a time", verifyLanes + issuerLanes,
                verifyLanes, issuerLanes, perGroup));
        summarise(world, issuer, catalogue, new ArrayList<>(groups), reps, secs, lines, errorLines, startupErrors, idleVerify, idleIssuer);
        idleVerify.close();
        idleIssuer.close();
    }

    private static final Pattern LOGGED_REQUEST = Pattern.compile("request ([A-Z]+) (\\S+) failed");

    /** Reads what {@code s} logged since the last read and charges it to the groups in flight meanwhile. */
    private synchronized void attribute(Service s, LogTail log, long[] counts) {
        List<Group> suspects = List.copyOf(recent.get(s).keySet());
        List<String> lines = log.read();
        counts[0] += lines.size();
        for (int k = 0; k < lines.size(); k++) {
            String line = lines.get(k);
            if (!ERROR_LINE.matcher(line).find()) {
                continue;
            }
            counts[1]++;
            java.util.regex.Matcher m = LOGGED_REQUEST.matcher(line);
            List<Group> charged = suspects;
            if (m.find()) {
                String method = m.group(1);
                String path = m.group(2);
                List<Group> match = suspects.stream().filter(g -> g.paths.contains(method + " " + path)).toList();
                if (!match.isEmpty()) {
                    charged = match.subList(0, 1);
                }
            }
            String sample = (s == Service.VERIFY ? "verify-api: " : "mark-issuer: ") + cut(line.replaceFirst("^\\S+ \\S+ ", ""), 200)
                    + (k + 1 < lines.size() && !ERROR_LINE.matcher(lines.get(k + 1)).find() ? " / " + cut(lines.get(k + 1), 160) : "");
            for (Group g : charged) {
                g.errorLines++;
                if (g.errorSample == null) {
                    g.errorSample = sample;
                }
            }
        }
        for (Group g : suspects) {
            g.logLines += lines.size() / Math.max(1, suspects.size());
            if (g.finished) {
                recent.get(s).remove(g);
            }
        }
    }

    /** Sends a group's repetitions ({@code perGroup} at a time) and waits for all of them. */
    private Group runGroup(Probe p, DrillWorld world, IssuerWorld issuer, int reps, int perGroup, ExecutorService rawPool)
            throws Exception {
        Group g = new Group(p);
        long started = System.nanoTime();
        recent.get(p.route().service()).put(g, Boolean.TRUE);
        if (p.route().auth() == Auth.SESSION && p.route().method().equals("POST")) {
            synchronized (issuer) {
                if (!issuer.refreshConsole()) {   // a successful post rotated the token
                    refreshFailures.incrementAndGet();
                }
            }
        }
        int port = p.route().service() == Service.VERIFY ? world.port : issuer.port;
        CountDownLatch latch = new CountDownLatch(reps);
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(perGroup);
        for (int i = 0; i < reps; i++) {
            slots.acquire();
            SplittableRandom r = new SplittableRandom(p.kind().hashCode() * 31L + p.route().label().hashCode() + i);
            int rep = i;
            if (p.raw() != null) {
                byte[] bytes = p.raw().apply(rep, r);
                g.paths.add(requestLine(bytes));
                rawPool.execute(() -> {
                    try {
                        RawHttp.Outcome o = RawHttp.exchange(port, bytes, 5000);
                        record(g, o.status(), o.label(), o.head(), o.body());
                    } catch (RuntimeException e) {
                        g.transport.incrementAndGet();
                        g.outcome("drill-error");
                    } finally {
                        slots.release();
                        latch.countDown();
                    }
                });
            } else {
                Future<DrillWorld.Reply> sent;
                try {
                    Req q = p.req().apply(rep, r);
                    g.paths.add(q.method().name() + " " + (q.uri().contains("?") ? q.uri().substring(0, q.uri().indexOf('?')) : q.uri()));
                    sent = p.route().service() == Service.VERIFY ? world.send(port, q.method(), q.uri(), q.headers(), q.body())
                            : issuer.send(q.method(), q.uri(), q.headers(), q.body());
                } catch (RuntimeException refusedByClient) {
                    sent = Future.failedFuture(refusedByClient);
                }
                sent.timeout(75, TimeUnit.SECONDS).onComplete(ar -> {
                    if (ar.succeeded()) {
                        DrillWorld.Reply reply = ar.result();
                        record(g, reply.status(), String.valueOf(reply.status()), "Content-Type: " + reply.headers().get("Content-Type"),
                                reply.body().length() > 262_144 ? reply.body().getString(0, 262_144) : reply.body().toString(StandardCharsets.UTF_8));
                    } else {
                        g.transport.incrementAndGet();
                        String m = String.valueOf(ar.cause().getMessage());
                        g.outcome(m.contains("imeout") || m.contains("timed out") ? "timeout" : "closed");
                    }
                    slots.release();
                    latch.countDown();
                });
            }
        }
        if (!latch.await(120, TimeUnit.SECONDS)) {
            g.outcome("drill-stuck");
        }
        g.finished = true;
        if (System.nanoTime() - started > 15_000_000_000L) {
            say(String.format("slow group (%.0f s): %s", (System.nanoTime() - started) / 1e9, g.line()));
        }
        return g;
    }

    /** "GET /path" of a raw request's first line (what the service would log), or "?" when it has none. */
    private static String requestLine(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 8192), StandardCharsets.ISO_8859_1);
        String[] parts = head.split("[ \\r\\n]", 3);
        if (parts.length < 2) {
            return "?";
        }
        String path = parts[1].contains("?") ? parts[1].substring(0, parts[1].indexOf('?')) : parts[1];
        return parts[0] + " " + path;
    }

    private static void record(Group g, int status, String label, String head, String body) {
        g.outcome(label);
        if (status >= 500) {
            g.fiveXX.incrementAndGet();
            if (g.sample == null) {
                g.sample = status + " " + cut(body.replaceAll("\\s+", " "), 200);
            }
        }
        String route = g.probe.route().template();
        if (!route.equals("/openapi.yaml") && !route.equals("/metrics")) {
            for (String m : LEAK_MARKERS) {
                if (body.contains(m)) {
                    g.leaks.incrementAndGet();
                    if (g.sample == null) {
                        int at = body.indexOf(m);
                        g.sample = status + " leaks \"" + m + "\": " + cut(body.substring(Math.max(0, at - 80)).replaceAll("\\s+", " "), 200);
                    }
                    break;
                }
            }
        }
        if (head.toLowerCase().contains("text/html") && (body.contains("<script>alert(1)</script>") || body.contains("<img src=x onerror"))) {
            g.reflected.incrementAndGet();
        }
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }

    private static int errors(List<String> lines) {
        return (int) lines.stream().filter(l -> ERROR_LINE.matcher(l).find()).count();
    }

    /** The catalogue's endpoint a request reaches (its template matched), or an unlisted one named after its path. */
    static Endpoint routeOf(List<Endpoint> catalogue, String method, String uri) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        for (Endpoint e : catalogue) {
            if (e.service() == Service.VERIFY && e.method().equals(method)
                    && path.matches(Pattern.quote(e.template()).replaceAll("\\{[A-Za-z0-9_]+}", "\\\\E[^/]+\\\\Q"))) {
                return e;
            }
        }
        String template = path.startsWith("/01/") ? "/01/{gs1}" : path.startsWith("/api/v1/officer/") ? "/api/v1/officer/{other}"
                : path.startsWith("/api/v1/") ? "/api/v1/{unknown}" : path;
        return new Endpoint(Service.VERIFY, method, template, List.of(), List.of(), null, Auth.NONE, false);
    }

    private void summarise(DrillWorld world, IssuerWorld issuer, List<Endpoint> catalogue, List<Group> groups, int reps, double secs,
                           int[] logLines, int[] errorLines, int startupErrors, RawHttp.Idle idleVerify, RawHttp.Idle idleIssuer)
            throws Exception {
        long requests = groups.stream().mapToLong(g -> g.outcomes.values().stream().mapToInt(AtomicInteger::get).sum()).sum();
        long fivexx = groups.stream().mapToInt(g -> g.fiveXX.get()).sum();
        long leaks = groups.stream().mapToInt(g -> g.leaks.get()).sum();
        long rawClosed = groups.stream().filter(g -> g.probe.raw() != null).mapToLong(g -> count(g, "closed") + count(g, "reset")).sum();
        long httpClosed = groups.stream().filter(g -> g.probe.raw() == null).mapToLong(g -> count(g, "closed")).sum();
        long timeouts = groups.stream().mapToLong(g -> count(g, "timeout") + count(g, "drill-stuck")).sum();
        Set<String> routes = groups.stream().map(g -> g.probe.route().label()).collect(Collectors.toSet());
        Set<String> kinds = groups.stream().map(g -> g.probe.kind()).collect(Collectors.toSet());
        List<String> untried = catalogue.stream().filter(Endpoint::listed).map(Endpoint::label).filter(l -> !routes.contains(l)).toList();
        Map<String, Long> statuses = new TreeMap<>();
        groups.forEach(g -> g.outcomes.forEach((k, v) -> statuses.merge(k, (long) v.get(), Long::sum)));
        say(String.format("sent %d requests (%d raw) in %.1f s over %d routes, %d kinds; outcomes %s", requests,
                groups.stream().filter(g -> g.probe.raw() != null).mapToLong(g -> g.outcomes.values().stream().mapToInt(AtomicInteger::get).sum()).sum(),
                secs, routes.size(), kinds.size(), statuses));
        // findings the pass rule does not count (other items of issue 15 fix them): listed for the developer
        for (Service s : Service.values()) {
            Map<String, Long> accepted = new TreeMap<>();
            groups.stream().filter(g -> g.probe.route().service() == s && AMBIGUOUS.contains(g.probe.kind())).forEach(g ->
                    g.outcomes.forEach((o, n) -> {
                        if (!o.equals("400") && !o.equals("closed") && !o.equals("reset") && !o.equals("timeout")) {
                            accepted.merge(g.probe.kind(), (long) n.get(), Long::sum);
                        }
                    }));
            say("FINDING " + s.label + " answered ambiguous framing other than 400/close: " + accepted);
        }
        Map<String, Long> revokedSession = new TreeMap<>();
        groups.stream().filter(g -> g.probe.kind().equals("session-of-revoked-key")).forEach(g -> g.outcomes.forEach((o, n) ->
                revokedSession.merge(o, (long) n.get(), Long::sum)));
        say("FINDING console session opened with a key revoked since: answers " + revokedSession + " (200 = still served)");
        boolean idleV = idleVerify.closedByServer();
        boolean idleI = idleIssuer.closedByServer();
        say(String.format("FINDING half-sent request head held open %d s: verify-api %s, mark-issuer %s", idleVerify.seconds(),
                idleV ? "closed it" : "still holds it", idleI ? "closed it" : "still holds it"));
        if (refreshFailures.get() > 0) {
            say("FINDING console page refused a live session " + refreshFailures.get() + " time(s) in a row of 5 (the drill's own "
                    + "CSRF refresh; the groups ran with the previous token)");
        }
        long reflected = groups.stream().mapToInt(g -> g.reflected.get()).sum();
        if (reflected > 0) {
            groups.stream().filter(g -> g.reflected.get() > 0).limit(10).forEach(g -> say("FINDING markup reflected unescaped: " + g.line()));
        }
        // the log volume per group (bounded logging per client)
        groups.stream().sorted(Comparator.comparingInt((Group g) -> -g.logLines)).limit(5).filter(g -> g.logLines > reps * 2)
                .forEach(g -> say("FINDING log volume: " + g.logLines + " lines for " + reps + " requests: " + g.probe.route().label()
                        + " | " + g.probe.kind()));
        List<Group> failed = groups.stream().filter(Group::failed)
                .sorted(Comparator.comparingInt((Group g) -> -(g.fiveXX.get() + g.errorLines + g.leaks.get()))).toList();
        if (!failed.isEmpty()) {
            say(failed.size() + " failing (route, case) groups, worst first:");
            failed.stream().limit(80).forEach(g -> System.out.println("FAILGROUP " + g.line()));
            // every failing group, for the developer: the work folder is kept on FAIL
            java.nio.file.Files.write(options.work().resolve("hostile-failgroups.txt"), failed.stream().map(Group::line).toList());
            say("all " + failed.size() + " failing groups: " + options.work().resolve("hostile-failgroups.txt"));
            Map<String, Long> byRoute = failed.stream().collect(Collectors.groupingBy(g -> g.probe.route().label(), TreeMap::new,
                    Collectors.counting()));
            Map<String, Long> byKind = failed.stream().collect(Collectors.groupingBy(g -> g.probe.kind(), TreeMap::new, Collectors.counting()));
            say("failing groups by case: " + byKind);
            say("failing groups by route: " + byRoute);
        }
        DrillWorld.Reply genuine = world.get(world.uris[0]).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        String code = genuine.status() == 200 ? new JsonObject(genuine.body()).getString("code") : "HTTP " + genuine.status();
        int issuerHealth = issuer.send(HttpMethod.GET, "/health", null, null).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS).status();
        report.figure("requests", requests);
        report.figure("routes", routes.size());
        report.figure("kinds", kinds.size());
        report.figure("http5xx", fivexx);
        report.figure("error_lines", errorLines[0] + errorLines[1]);
        report.figure("verify_error_lines", errorLines[0]);
        report.figure("issuer_error_lines", errorLines[1]);
        report.figure("leaks", leaks);
        report.figure("failing_groups", failed.size());
        report.figure("raw_closed", rawClosed);
        report.figure("http_closed", httpClosed);
        report.figure("timeouts", timeouts);
        report.figure("log_lines", logLines[0] + "+" + logLines[1]);
        report.figure("seconds", Math.round(secs));
        report.figure("statuses", statuses.toString().replace(" ", ""));
        report.check(requests >= options.requests(), "at least " + options.requests() + " hostile requests sent (" + requests + ")");
        report.check(untried.isEmpty(), "every route of both OpenAPI documents tried (untried: " + untried + ")");
        report.check(fivexx == 0, "zero answers >= 500 (" + fivexx + ")");
        report.check(errorLines[0] == 0, "zero ERROR lines in verify-api's log during the run (" + errorLines[0] + ")");
        report.check(errorLines[1] == 0, "zero ERROR lines in mark-issuer's log during the run (" + errorLines[1] + ")");
        report.check(leaks == 0, "no answer shows a stack trace or parser internals (" + leaks + ")");
        report.check(world.verify.isAlive(), "verify-api process still running");
        report.check(issuer.process.isAlive() && issuerHealth == 200, "mark-issuer process still running and healthy (" + issuerHealth + ")");
        report.check("GENUINE".equals(code), "a genuine code still verifies GENUINE afterwards (" + code + ")");
        if (startupErrors > 0) {
            say("note: " + startupErrors + " ERROR line(s) logged during start-up and seeding (not counted)");
        }
        report.figure("verify_rss_mb", world.verify.rssMb());
        report.figure("issuer_rss_mb", issuer.process.rssMb());
    }

    private static long count(Group g, String outcome) {
        AtomicInteger n = g.outcomes.get(outcome);
        return n == null ? 0 : n.get();
    }

    /** A JPEG of about {@code bytes} bytes: noise, as incompressible as a phone photo of a label. */
    static byte[] jpeg(int bytes) throws IOException {
        int side = 420;
        byte[] out = new byte[0];
        for (int attempt = 0; attempt < 6; attempt++) {
            BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            SplittableRandom r = new SplittableRandom(7);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    img.setRGB(x, y, r.nextInt(0x1000000));
                }
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            try (MemoryCacheImageOutputStream o = new MemoryCacheImageOutputStream(b)) {
                w.setOutput(o);
                w.write(null, new IIOImage(img, null, null), p);
            }
            w.dispose();
            out = b.toByteArray();
            if (Math.abs(out.length - bytes) < bytes / 20) {
                break;
            }
            side = (int) (side * Math.sqrt((double) bytes / out.length));
        }
        return out;
    }
}
