package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.ops.schema.Migration;
import org.markauth.ops.schema.Migrations;
import org.markauth.ops.schema.Migrator;
import org.markauth.ops.schema.Replication;

/**
 * A rolling upgrade under load: two verify-api and two mark-issuer instances of the running release
 * ({@code --previous}: its production jars) are replaced one at a time by this build, as a Deployment
 * with {@code maxSurge}/{@code maxUnavailable 0} does it (a new instance started and ready, then an old one
 * terminated: endpoint out, preStop pause, SIGTERM, grace period), behind a {@link ReadinessBalancer}
 * probing as the manifests say ({@link DeploySettings}). Half-way, with both releases serving, an additive
 * schema change is applied to the drill's keyspaces with the ops migrator. Verification load and issuer
 * reads run throughout; every request must be answered 200, every acknowledged scan must be a row, and
 * each instance of this build, stopped at the end, must answer its readiness probe 503 while it still
 * serves before its listener closes.
 */
final class RollingUpgradeDrill extends LoadDrill {

    /** The platform's endpoint propagation (EndpointSlice to kube-proxy and the ingress), within the preStop pause. */
    private static final long PROPAGATION_MILLIS = 1000;
    private static final String EXPAND = "V900__rolling_drill_expand.cql";

    /** One running instance: which build, its process and its place behind the balancer. */
    private record Instance(String name, String build, ServiceProcess process, ReadinessBalancer.Backend backend) {
    }

    /** What a watcher saw of an instance's readiness from SIGTERM on. */
    private record Stopping(long firstUnreadyMs, long closedMs, int exitCode) {
        long servedUnreadyMs() {
            return firstUnreadyMs < 0 || closedMs < 0 ? -1 : closedMs - firstUnreadyMs;
        }
    }

    private final Path previous;
    private final String previousCommit;
    private final DeploySettings verifyDeploy;
    private final DeploySettings issuerDeploy;
    private final String newClasspath = System.getProperty("java.class.path");
    private final List<Instance> verify = new ArrayList<>();
    private final List<Instance> issuers = new ArrayList<>();
    private final Map<String, String> swaps = new LinkedHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final LongAdder issuerRequests = new LongAdder();
    private final LongAdder issuerFailed = new LongAdder();
    private DrillWorld world;
    private IssuerWorld issuer;
    private ReadinessBalancer verifyLb;
    private ReadinessBalancer issuerLb;
    private volatile boolean issuerLoad;
    private volatile boolean rolled;
    private long migrationMs = -1;

    RollingUpgradeDrill(DrillOptions options, DrillReport report) throws IOException {
        super(options, report);
        previous = options.previous().orElseThrow(() -> new IllegalArgumentException(
                "--previous=<folder with the running release's verify-api.jar and mark-issuer.jar> is required (ops/drills/rolling-upgrade.sh builds it)"));
        for (String jar : List.of("verify-api.jar", "mark-issuer.jar")) {
            if (!Files.isRegularFile(previous.resolve(jar))) {
                throw new IllegalArgumentException("--previous: no " + jar + " in " + previous + " (ops/drills/releases.lib builds them)");
            }
        }
        Path commit = previous.resolve("COMMIT");
        previousCommit = Files.exists(commit) ? Files.readString(commit).trim() : previous.getFileName().toString();
        verifyDeploy = DeploySettings.of("verify-api");
        issuerDeploy = DeploySettings.of("mark-issuer");
    }

    @Override
    public boolean startsVerify() {
        return false;
    }

    @Override
    void prepare(DrillWorld w) throws Exception {
        this.world = w;
        say("previous release " + previousCommit);
        say("manifests " + verifyDeploy.describe());
        say("manifests " + issuerDeploy.describe());
        verifyLb = new ReadinessBalancer(w.vertx, w::send, verifyDeploy);
        CompletableFuture<IssuerWorld> issuerWorld = CompletableFuture.supplyAsync(() -> {
            try {
                return IssuerWorld.open(options.work(), options.scenario(), false);
            } catch (Exception e) {
                throw new IllegalStateException("issuer world: " + e.getMessage(), e);
            }
        });
        List<CompletableFuture<Instance>> starting = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String name = "verify-api-old-" + i;
            starting.add(async(() -> startVerify(name, false)));
        }
        issuer = issuerWorld.join();
        issuerLb = new ReadinessBalancer(w.vertx, issuer::send, issuerDeploy);
        starting.add(async(() -> startIssuer(issuer.process, "mark-issuer-old-1", issuer.port, false)));
        int port2 = DrillWorld.freePort();
        starting.add(async(() -> startIssuer(issuer.instance("mark-issuer-old-2", port2, Map.of()), "mark-issuer-old-2", port2, false)));
        for (CompletableFuture<Instance> f : starting) {
            Instance in = f.join();
            (in.name().startsWith("verify") ? verify : issuers).add(in);
        }
        issuer.seed();   // through the first old issuer
        for (Instance in : all()) {
            if (!(in.name().startsWith("verify") ? verifyLb : issuerLb).awaitInRotation(in.backend(), 60_000)) {
                throw new IllegalStateException(in.name() + " never passed its readiness probe");
            }
        }
        say("previous release serving: " + all().stream().map(Instance::name).toList());
    }

    @Override
    LoadRun loadRun(DrillWorld w) {
        return new LoadRun(w, options, report, new LoadRun.Target() {
            @Override
            public Future<DrillWorld.Reply> get(String uri) {
                return verifyLb.send(HttpMethod.GET, uri, null, null);
            }

            @Override
            public void stopGracefully() throws Exception {
                stopAtEnd(verify, verifyLb, verifyDeploy);
            }
        });
    }

    /** The rollout, on the load's fault thread: issuer reads throughout, then both Deployments rolled side by side. */
    @Override
    void fault(LoadRun run, DrillWorld w) throws Exception {
        Thread reads = new Thread(this::issuerReads, "drill-issuer-reads");
        issuerLoad = true;
        reads.start();
        try {
            run.sleepUntil(options.faultAt());
            run.faultStarts();
            say("ROLL start: " + run.acknowledgedSoFar() + " scans acknowledged so far");
            parallel(() -> swap(verify, 0, verifyLb, verifyDeploy), () -> swap(issuers, 0, issuerLb, issuerDeploy));
            migrate(w);
            parallel(() -> swap(verify, 1, verifyLb, verifyDeploy), () -> swap(issuers, 1, issuerLb, issuerDeploy));
            rolled = run.before(options.seconds());
            run.recoveryStarts();
            say("ROLL done: " + all().stream().map(Instance::name).toList() + (rolled ? "" : " (after the load had ended)"));
            Thread.sleep(5000);   // a few seconds of load on the new release alone
        } finally {
            issuerLoad = false;
            run.endLoad();   // --seconds is the limit; the roll's length is the machine's
            reads.join();
        }
        stopAtEnd(issuers, issuerLb, issuerDeploy);
    }

    @Override
    void check(LoadRun.Outcome o, LoadRun run, DrillWorld w) {
        report.figure("previous", previousCommit.split(" ")[0].substring(0, Math.min(12, previousCommit.length())));
        report.figure("verify_failed", o.failed());
        report.figure("issuer_requests", issuerRequests.sum());
        report.figure("issuer_failed", issuerFailed.sum());
        report.figure("no_instance_in_rotation", verifyLb.noBackend() + issuerLb.noBackend());
        report.figure("migration_ms", migrationMs);
        swaps.forEach(report::figure);
        if (!failures.isEmpty()) {
            say("first failures: " + failures);
        }
        report.check(rolled, "both Deployments rolled (4 swaps and the migration) while the verification load ran");
        report.check(o.failed() == 0, "zero failed verification requests through the rollout (" + o.failed() + " not answered 200)");
        report.check(issuerFailed.sum() == 0 && issuerRequests.sum() > 0, "zero failed issuer reads through the rollout ("
                + issuerFailed.sum() + " of " + issuerRequests.sum() + ")");
        report.check(o.lost() == 0, "no acknowledged scan lost (" + o.lost() + " of " + o.acknowledged() + ")");
        report.check(migrationMs >= 0, "the additive migration applied to both keyspaces while both releases served");
    }

    // --- the instances

    private Instance startVerify(String name, boolean newBuild) throws Exception {
        int port = DrillWorld.freePort();
        Map<String, String> cfg = new HashMap<>(world.verifyConfig(options, port, options.work().resolve("spill-" + name)));
        if (newBuild && !verifyDeploy.unreadyDelay().isZero()) {
            // a key the previous release does not know (it refuses unknown keys): only the new build's config has it
            cfg.put(verifyDeploy.unreadyKey(), verifyDeploy.unreadyDelay().toMillis() + "ms");
        }
        VerifyProcess p = new VerifyProcess(name, port, options.work(), world, cfg, options.scenario());
        p.start(newBuild ? newClasspath : previous.resolve("verify-api.jar").toString());
        return new Instance(name, newBuild ? "new" : "previous", p, verifyLb.add(name, port));
    }

    private Instance startIssuer(ServiceProcess p, String name, int port, boolean newBuild) throws Exception {
        p.start(newBuild ? newClasspath : previous.resolve("mark-issuer.jar").toString());
        return new Instance(name, newBuild ? "new" : "previous", p, issuerLb.add(name, port));
    }

    private Instance startNewIssuer(String name) throws Exception {
        int port = DrillWorld.freePort();
        Map<String, String> extra = issuerDeploy.unreadyDelay().isZero() ? Map.of()
                : Map.of(issuerDeploy.unreadyKey(), issuerDeploy.unreadyDelay().toMillis() + "ms");
        return startIssuer(issuer.instance(name, port, extra), name, port, true);
    }

    /**
     * One step of the rollout (maxSurge 1, maxUnavailable 0): a new instance started and in rotation, then
     * the old one terminated as the kubelet does it.
     */
    private void swap(List<Instance> instances, int index, ReadinessBalancer lb, DeploySettings deploy) throws Exception {
        long t0 = System.nanoTime();
        Instance old = instances.get(index);
        String name = deploy.service() + "-new-" + (index + 1);
        Instance fresh = deploy.service().equals("verify-api") ? startVerify(name, true) : startNewIssuer(name);
        if (!lb.awaitInRotation(fresh.backend(), 60_000)) {
            throw new IllegalStateException(name + " never passed its readiness probe");
        }
        synchronized (instances) {
            instances.set(index, fresh);
        }
        Stopping s = terminate(old, lb, deploy);
        String key = deploy.service().equals("verify-api") ? "swap_verify" + (index + 1) : "swap_issuer" + (index + 1);
        swaps.put(key, String.format("%.1fs", (System.nanoTime() - t0) / 1e9));
        report.check(s.exitCode() >= 0, old.name() + " (previous release) exited by itself within the grace period of "
                + deploy.terminationGrace().toSeconds() + " s (exit " + s.exitCode() + ")");
    }

    /** The kubelet's termination: endpoint out (after the propagation lag), preStop pause, SIGTERM, grace, SIGKILL. */
    private Stopping terminate(Instance in, ReadinessBalancer lb, DeploySettings deploy) throws Exception {
        lb.terminating(in.backend(), PROPAGATION_MILLIS);
        Thread.sleep(deploy.preStop().toMillis());
        long t0 = System.nanoTime();
        long[] seen = {-1, -1};   // first 503 DRAINING, first refused connection (ms after SIGTERM)
        Thread watcher = new Thread(() -> watchReadiness(in, deploy, t0, seen), "drill-watch-" + in.name());
        watcher.start();
        int exit = in.process().terminate(deploy.terminationGrace());
        watcher.join(10_000);
        Stopping s = new Stopping(seen[0], seen[1], exit);
        say(String.format("%s (%s) stopped: readiness 503 at %d ms, listener closed at %d ms after SIGTERM, exit %d",
                in.name(), in.build(), s.firstUnreadyMs(), s.closedMs(), exit));
        return s;
    }

    /**
     * Probes the stopping instance's readiness path every 100 ms until it refuses connections. A probe the
     * loaded machine answers late is not a closed listener: only a refused connection ends the watch.
     */
    private void watchReadiness(Instance in, DeploySettings deploy, long t0, long[] seen) {
        while (true) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            try {
                DrillWorld.Reply r = world.send(in.backend().port, HttpMethod.GET, deploy.readinessPath(), null, null)
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                if (r.status() == 503 && seen[0] < 0) {
                    seen[0] = ms;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof java.net.ConnectException) {
                    seen[1] = ms;
                    return;
                }
                // the connection closed under the probe (the listener is closing): the next one says which
            } catch (java.util.concurrent.TimeoutException | InterruptedException slow) {
                // answered late, or not yet: keep watching
            }
            if (ms > deploy.terminationGrace().toMillis()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * This build's instances stopped after the load, as in the next rollout: each must say 503 on its readiness
     * path while it still serves, for about its unready delay, before its listener closes.
     */
    private void stopAtEnd(List<Instance> instances, ReadinessBalancer lb, DeploySettings deploy) throws Exception {
        List<CompletableFuture<Stopping>> stops = new ArrayList<>();
        for (Instance in : List.copyOf(instances)) {
            stops.add(async(() -> terminate(in, lb, deploy)));
        }
        long want = Math.max(0, deploy.unreadyDelay().toMillis() - 1000);
        for (int i = 0; i < stops.size(); i++) {
            Instance in = instances.get(i);
            Stopping s = stops.get(i).join();
            report.figure("unready_served_ms_" + in.name(), s.servedUnreadyMs());
            report.check(in.build().equals("new"), in.name() + " runs this build at the end of the rollout");
            report.check(s.exitCode() >= 0, in.name() + " exited by itself within the grace period (exit " + s.exitCode() + ")");
            report.check(s.firstUnreadyMs() >= 0 && s.servedUnreadyMs() >= want && want > 0, in.name() + " answered "
                    + deploy.readinessPath() + " 503 while still listening for " + s.servedUnreadyMs() + " ms (>= " + want
                    + " ms: " + deploy.unreadyKey() + "=" + deploy.unreadyDelay() + " in the manifests' config)");
        }
        instances.clear();
    }

    // --- the migration

    /** The drill's expand step (its own file, not a real migration) on both keyspaces, with the ops migrator. */
    private void migrate(DrillWorld w) throws Exception {
        long t0 = System.nanoTime();
        String cql;
        try (InputStream in = getClass().getResourceAsStream("/rolling-upgrade/" + EXPAND)) {
            if (in == null) {
                throw new IllegalStateException("rolling-upgrade/" + EXPAND + " is not on the classpath");
            }
            cql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Migration> migrations = new ArrayList<>(Migrations.fromClasspath());
        migrations.add(Migration.of(EXPAND, cql));
        for (String ks : List.of(w.ks.name(), issuer.ks.name())) {
            var result = Migrator.create(w.stack.session(), ks, Replication.simple(options.replicationFactor()), migrations).migrate();
            say("MIGRATION " + ks + ": applied " + result);
        }
        migrationMs = (System.nanoTime() - t0) / 1_000_000;
        say("MIGRATION done in " + migrationMs + " ms, both releases serving: " + all().stream().map(i -> i.name() + "(" + i.build() + ")").toList());
    }

    // --- issuer reads

    /** Two lanes of the issuer's API and console reads, round-robin through the issuer balancer, until the roll ends. */
    private void issuerReads() {
        List<String[]> reads = List.of(
                new String[] {"/api/v1/licensees/" + issuer.ids.get("licenseeA"), "bearer"},
                new String[] {"/api/v1/batches/" + issuer.ids.get("batchA"), "bearer"},
                new String[] {"/api/v1/recalls/" + issuer.ids.get("recallA"), "bearer"},
                new String[] {"/api/v1/products/" + issuer.ids.get("productA") + "/licence", "bearer"},
                new String[] {"/console/registry", "console"});
        List<Thread> lanes = new ArrayList<>();
        for (int lane = 0; lane < 2; lane++) {
            int first = lane;
            Thread t = new Thread(() -> {
                for (long i = first; issuerLoad; i += 2) {
                    String[] r = reads.get((int) (i % reads.size()));
                    Map<String, String> h = r[1].equals("bearer") ? Map.of("Authorization", "Bearer " + issuer.tokens.get("regulator"))
                            : Map.of("Cookie", issuer.consoleCookies);
                    issuerRequests.increment();
                    try {
                        DrillWorld.Reply reply = issuerLb.send(HttpMethod.GET, r[0], h, null).toCompletionStage().toCompletableFuture()
                                .get(30, TimeUnit.SECONDS);
                        if (reply.status() != 200) {
                            issuerFailed.increment();
                            failures.putIfAbsent("issuer " + r[0] + " " + reply.status(), reply.body().toString().substring(0,
                                    Math.min(200, reply.body().length())));
                        }
                    } catch (Exception e) {
                        issuerFailed.increment();
                        failures.putIfAbsent("issuer " + r[0] + " " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                    }
                }
            }, "drill-issuer-lane-" + lane);
            t.start();
            lanes.add(t);
        }
        for (Thread t : lanes) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // --- plumbing

    private List<Instance> all() {
        List<Instance> a = new ArrayList<>();
        synchronized (verify) {
            a.addAll(verify);
        }
        synchronized (issuers) {
            a.addAll(issuers);
        }
        return a;
    }

    interface Step<T> {
        T run() throws Exception;
    }

    interface Action {
        void run() throws Exception;
    }

    private static <T> CompletableFuture<T> async(Step<T> step) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return step.run();
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    /** Runs both at once (the two Deployments roll independently) and fails if either fails. */
    private static void parallel(Action a, Action b) {
        CompletableFuture<Void> fa = async(() -> {
            a.run();
            return null;
        });
        CompletableFuture<Void> fb = async(() -> {
            b.run();
            return null;
        });
        CompletableFuture.allOf(fa, fb).join();
    }

    @Override
    public void close() {
        for (Instance in : all()) {
            try {
                in.process().terminate(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ReadinessBalancer lb : new ReadinessBalancer[] {verifyLb, issuerLb}) {
            try {
                if (lb != null) {
                    lb.close();
                }
            } catch (RuntimeException e) {
                // the world's Vertx (its timers) was closed before the scenario: nothing left to cancel
            }
        }
        if (issuer != null) {
            issuer.close();
        }
    }
}
