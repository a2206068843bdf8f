package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import io.vertx.core.http.HttpMethod;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.markauth.config.RedisSettings;
import org.markauth.issuer.invalidation.RedisInvalidations;
import org.markauth.registry.Invalidation;

/**
 * Two verify-api instances on a six-node Redis Cluster (ops/cluster/redis-cluster, redis.mode=cluster)
 * under load: pub/sub invalidation reaching both while they are subscribed on different masters; a
 * master (the one holding an instance's subscription) killed with SIGKILL and its replica promoted,
 * the failover timed, the killed node started again; slots resharded while the load runs; then every
 * key the instances wrote checked against the slot its hash tag names, with no CROSSSLOT, MOVED or
 * TRYAGAIN error in an answer or a log, no 5xx and no lost scan. The script passes the cluster
 * script's {@code kill} and {@code start} as --fault-cmd and --recover-cmd; the node number is appended.
 */
final class RedisClusterDrill extends LoadDrill {

    /** Redis errors that must never reach a service in cluster mode (the client follows MOVED/ASK itself). */
    private static final Pattern CLUSTER_ERRORS = Pattern.compile("CROSSSLOT|MOVED \\d|ASK \\d|TRYAGAIN|CLUSTERDOWN");
    /** RedisTier's line for the first failure of a streak (its breaker opens, the shared tier is skipped). */
    private static final Pattern REDIS_FAILED = Pattern.compile("Redis failed \\(");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    /** After the failover, the window in which Redis failures are expected: the instances' breakers back off up to 5 s. */
    private static final long FAILOVER_GRACE_MS = 10_000;
    private static final int RESHARD_SLOTS = 2000;
    private static final int REPLAYS = 20;
    /**
     * A client retries only an answer it did not get: after its per-attempt timeout and the SDK's first
     * backoff (200 ms, {@code RetryPolicy}); the service keeps the first answer for retries right after
     * sending it. The drill waits the backoff alone (a retry sent the same millisecond can overtake that write).
     */
    private static final long RETRY_AFTER_MS = 200;

    private final RedisClusterNodes cluster;
    private final String seeds;
    /** mark-issuer as a process on the cluster (its caller rate limit and console sessions live there). */
    private IssuerWorld issuer;
    private Thread issuerLane;
    private volatile boolean issuerLoad = true;
    private final LongAdder issuerRequests = new LongAdder();
    private final LongAdder issuerConsoleInFailover = new LongAdder();
    private final LongAdder issuerFailed = new LongAdder();
    private final Map<String, String> issuerFailures = new ConcurrentHashMap<>();
    private InvalidationProbe probe;
    private VerifyProcess second;
    private RedisInvalidations issuerPublisher;
    private Redis issuerRedis;
    private volatile Instant killedAt;
    private volatile Instant failoverDoneAt;
    private volatile Instant reshardFrom;
    private volatile Instant reshardTo;

    RedisClusterDrill(DrillOptions options, DrillReport report) {
        super(options, report);
        seeds = System.getProperty("markauth.redis.urls", System.getenv().getOrDefault("MARKAUTH_REDIS_URLS", ""));
        String mode = System.getProperty("markauth.redis.mode", System.getenv().getOrDefault("MARKAUTH_REDIS_MODE", ""));
        if (!mode.equals("cluster") || seeds.isBlank()) {
            throw new IllegalStateException("the redis-cluster drill needs MARKAUTH_REDIS_MODE=cluster and MARKAUTH_REDIS_URLS="
                    + "$(ops/cluster/redis-cluster seeds); run ops/drills/redis-cluster.sh");
        }
        cluster = new RedisClusterNodes(seeds);
        if (!cluster.ok()) {
            throw new IllegalStateException("the Redis Cluster at " + seeds + " is not ok; ops/cluster/redis-cluster status");
        }
    }

    @Override
    void prepare(DrillWorld world) throws Exception {
        if (world.verifies.size() != 2) {
            throw new IllegalStateException("the redis-cluster drill runs two verify-api instances (--instances=2), got "
                    + world.verifies.size());
        }
        second = world.verifies.get(1);
        issuer = IssuerWorld.open(options.work(), options.scenario());
        issuer.seed();
        issuerLane = new Thread(this::issuerReads, "drill-issuer-reads");
        issuerLane.start();
        probe = new InvalidationProbe(world);
        issuerRedis = Redis.createClient(world.vertx, new RedisSettings(RedisSettings.Mode.CLUSTER, List.of(seeds.split(",")),
                Optional.empty(), Optional.empty(), "ma:", 4).toOptions());
        issuerPublisher = new RedisInvalidations(issuerRedis);

        int[] nodes = subscriptionsOnDifferentMasters(world);
        report.figure("subscribed_on", "node" + nodes[0] + "+node" + nodes[1]);
        int other = cluster.liveMasters().stream().mapToInt(RedisClusterNodes.Node::number)
                .filter(n -> n != nodes[0] && n != nodes[1]).findFirst().orElse(nodes[0]);
        InvalidationProbe.Result r = probe.roundTrip(ports(world), msg -> publishVia(other, msg));
        report.figure("pubsub_ms", r.worstMillis());
        report.check(r.heldUntilMessage() && r.allSaw() && r.worstMillis() <= 5_000, "a licence change published on node" + other
                + " reached both instances (subscribed on node" + nodes[0] + " and node" + nodes[1] + ") by pub/sub alone within "
                + r.worstMillis() + " ms (<= 5000), each holding the old verdict until the message: " + r);
    }

    /** Wait until both instances subscribed; while on the same master, drop the second's subscription so it resubscribes. */
    private int[] subscriptionsOnDifferentMasters(DrillWorld world) throws Exception {
        for (int attempt = 1; attempt <= 10; attempt++) {
            int a = awaitSubscribed(world.verify, 30);
            int b = awaitSubscribed(second, 30);
            say("subscriptions: " + world.verify.name() + " on node" + a + ", " + second.name() + " on node" + b);
            if (a != b) {
                return new int[] {a, b};
            }
            for (long id : cluster.subscribersByPid(b).getOrDefault(second.pid(), List.of())) {
                cluster.cli(b, "CLIENT", "KILL", "ID", Long.toString(id));
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("the two instances kept subscribing on the same master after 10 attempts");
    }

    /** The node holding {@code v}'s subscription, once it holds one (the listener subscribes after start). */
    private int awaitSubscribed(VerifyProcess v, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            List<Integer> on = cluster.subscribedNodes(v.pid());
            if (on.size() == 1) {
                return on.get(0);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(v.name() + " holds no (or several) pub/sub connections on the cluster after "
                + seconds + " s: " + cluster.subscribedNodes(v.pid()) + " (" + cluster.subscriptionReport(v.pid()) + ")");
    }

    private void publishVia(int node, String message) {
        cluster.cli(node, "PUBLISH", Invalidation.CHANNEL, message)
                .orElseThrow(() -> new IllegalStateException("node" + node + " refused PUBLISH"));
    }

    /**
     * Reads through mark-issuer for the whole drill, one every 50 ms: an API read with a bearer key (its
     * caller rate limit counts in Redis, two keys under one hash tag, and falls back to a local count
     * when Redis fails) and a console page with a session cookie (the session lives in Redis; the
     * console answers 503 while Redis cannot be read, which is allowed inside the failover window only).
     */
    private void issuerReads() {
        String bearer = "Bearer " + issuer.tokens.get("regulator");
        for (long i = 0; issuerLoad; i++) {
            boolean console = i % 2 == 1;
            String uri = console ? "/console/registry" : "/api/v1/licensees/" + issuer.ids.get("licenseeA");
            Map<String, String> h = console ? Map.of("Cookie", issuer.consoleCookies) : Map.of("Authorization", bearer);
            Instant sent = Instant.now();
            issuerRequests.increment();
            try {
                DrillWorld.Reply r = issuer.send(HttpMethod.GET, uri, h, null).toCompletionStage().toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                if (r.status() != 200) {
                    if (console && r.status() == 503 && inFailoverWindow(sent)) {
                        issuerConsoleInFailover.increment();
                    } else {
                        issuerFailed.increment();
                        issuerFailures.putIfAbsent(uri + " " + r.status(), r.body().toString().substring(0, Math.min(200, r.body().length())));
                    }
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                issuerFailed.increment();
                issuerFailures.putIfAbsent(uri + " " + e, "");
            }
        }
    }

    private boolean inFailoverWindow(Instant at) {
        Instant killed = killedAt;
        Instant done = failoverDoneAt;
        return killed != null && !at.isBefore(killed.minusSeconds(1))
                && (done == null || at.isBefore(done.plusMillis(FAILOVER_GRACE_MS)));
    }

    /** A retry carrying the same X-Request-Id that lands on the other instance gets the first answer back (rid: keys). */
    private void replaysAcrossInstances(DrillWorld world) throws Exception {
        int same = 0;
        for (int i = 0; i < REPLAYS; i++) {
            Map<String, String> id = Map.of("X-Request-Id", UUID.randomUUID().toString());
            String uri = world.uris[i];
            String first = world.send(world.verify.port(), HttpMethod.GET, uri, id, null).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).body().toString();
            Thread.sleep(RETRY_AFTER_MS);
            String retry = world.send(second.port(), HttpMethod.GET, uri, id, null).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).body().toString();
            same += first.equals(retry) ? 1 : 0;
        }
        report.figure("replays_recognised", same + "/" + REPLAYS);
        report.check(same == REPLAYS, "a retry (same X-Request-Id) on the other instance got the first answer back: "
                + same + " of " + REPLAYS);
    }

    private static List<Integer> ports(DrillWorld world) {
        return world.verifies.stream().map(VerifyProcess::port).toList();
    }

    @Override
    void fault(LoadRun run, DrillWorld world) throws Exception {
        run.sleepUntil(options.faultAt());
        int victim = awaitSubscribed(world.verify, 10);
        run.faultStarts();
        killedAt = Instant.now();
        say("FAULT " + options.faultCommand() + " " + victim + " (the master holding " + world.verify.name() + "'s subscription)");
        shell(options.faultCommand() + " " + victim);
        long failoverMs = awaitFailover(victim);
        long okMs = awaitOk();
        failoverDoneAt = Instant.now();
        report.figure("failover_ms", failoverMs);
        report.figure("cluster_ok_ms", okMs);
        say("failover: node" + victim + "'s slots served by a promoted replica after " + failoverMs + " ms, every node "
                + "says cluster_state:ok after " + okMs + " ms");
        int now = awaitSubscribed(world.verify, 30);
        report.figure("resubscribed_ms", Duration.between(killedAt, Instant.now()).toMillis());
        say(world.verify.name() + " subscribed again, on node" + now);
        // every instance lost a connection with the node (its cluster client holds one to each): each must hold
        // exactly one subscription again, not a second one beside the first
        List<String> subscriptions = new ArrayList<>();
        for (VerifyProcess v : world.verifies) {
            try {
                subscriptions.add(v.name() + " on node" + awaitSubscribed(v, 30));
            } catch (IllegalStateException e) {
                subscriptions.add(e.getMessage());
            }
        }
        report.check(subscriptions.stream().allMatch(x -> x.contains(" on node")),
                "each instance holds exactly one subscription after the failover: " + subscriptions);
        InvalidationProbe.Result r = probe.roundTrip(ports(world), msg -> issuerPublisher.publish(Invalidation.parse(msg).orElseThrow()));
        report.figure("pubsub_after_failover_ms", r.worstMillis());
        report.check(r.heldUntilMessage() && r.allSaw() && r.worstMillis() <= 5_000, "after the failover, a change published by the "
                + "issuer's publisher (cluster client) reached both instances by pub/sub within " + r.worstMillis() + " ms: " + r);

        run.sleepUntil(options.recoverAt());
        run.recoveryStarts();
        say("RECOVER " + options.recoverCommand() + " " + victim);
        shell(options.recoverCommand() + " " + victim);

        run.sleepUntil(options.recoverAt() + 10);
        reshard();
        awaitRedisUp(world);
        replaysAcrossInstances(world);   // late in the run: their keys live two minutes, and are counted below
    }

    /**
     * Waits (at most 30 s) until every instance's Redis breaker is closed again ({@code verify_redis_up 1} on its
     * /metrics): a timeout in the reshard opens it, and while it is open an instance answers without the shared tier
     * by design, which the timeouts' own check counts. The replay check then tests what it is for, a retry's keys on
     * the resharded cluster, not the breaker's backoff. The wait is a figure.
     */
    private void awaitRedisUp(DrillWorld world) throws Exception {
        long start = System.nanoTime();
        List<String> down = new ArrayList<>();
        do {
            down.clear();
            for (VerifyProcess v : world.verifies) {
                if (DrillWorld.gauge(world.metrics(v), "verify_redis_up") != 1) {
                    down.add(v.name());
                }
            }
            if (!down.isEmpty()) {
                Thread.sleep(200);
            }
        } while (!down.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        report.figure("redis_up_before_replays_ms", waited);
        say(down.isEmpty() ? "every instance's Redis breaker closed " + waited + " ms after the reshard"
                : "Redis breaker still open after 30 s on " + down);
    }

    /** Polls (one CLUSTER NODES a time) until the killed node is flagged failed and its slots moved to a promoted replica. */
    private long awaitFailover(int victim) throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
            if (cluster.nodes().stream().anyMatch(n -> n.number() == victim && n.failed() && n.slots().isEmpty())) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no failover of node" + victim + " within 60 s");
    }

    /** Milliseconds since the kill until every answering node says cluster_state:ok and every slot has a live master. */
    private long awaitOk() throws InterruptedException {
        while (!cluster.ok()) {
            if (Instant.now().isAfter(killedAt.plusSeconds(90))) {
                throw new IllegalStateException("the cluster is not ok 90 s after the kill");
            }
            Thread.sleep(50);
        }
        return Duration.between(killedAt, Instant.now()).toMillis();
    }

    /** Moves slots from the master with the most to another, while the load runs (redis-cli --cluster reshard). */
    private void reshard() throws Exception {
        List<RedisClusterNodes.Node> masters = new ArrayList<>(cluster.liveMasters());
        masters.sort((a, b) -> b.slotCount() - a.slotCount());
        RedisClusterNodes.Node from = masters.get(0);
        RedisClusterNodes.Node to = masters.get(masters.size() - 1);
        say("RESHARD " + RESHARD_SLOTS + " slots from " + from + " to " + to);
        reshardFrom = Instant.now();
        long t0 = System.nanoTime();
        Path log = options.work().resolve("reshard.log");
        Process p = new ProcessBuilder("redis-cli", "--cluster", "reshard", from.host() + ":" + from.port(),
                "--cluster-from", from.id(), "--cluster-to", to.id(), "--cluster-slots", Integer.toString(RESHARD_SLOTS),
                "--cluster-yes").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        reshardTo = Instant.now();
        report.figure("reshard_ms", ms);
        int moved = 0;
        for (int i = 0; i < 100 && moved < RESHARD_SLOTS; i++) {   // the node asked may learn the last slots by gossip
            moved = cluster.nodes().stream().filter(n -> n.id().equals(to.id())).findFirst().map(RedisClusterNodes.Node::slotCount)
                    .orElse(0) - to.slotCount();
            Thread.sleep(100);
        }
        report.figure("slots_moved", moved);
        report.check(ended && p.exitValue() == 0 && moved == RESHARD_SLOTS, "reshard of " + RESHARD_SLOTS + " slots ("
                + from + " to " + to + ") finished in " + ms + " ms, " + moved + " slots moved (see " + log + ")");
        say("RESHARD done in " + ms + " ms");
    }

    @Override
    void check(LoadRun.Outcome o, LoadRun run, DrillWorld world) throws Exception {
        issuerLoad = false;
        issuerLane.join(60_000);
        issuerFailures.forEach((k, v) -> say("issuer: " + k + " " + v));
        report.figure("issuer_requests", issuerRequests.sum());
        report.figure("issuer_console_503_in_failover", issuerConsoleInFailover.sum());
        report.figure("issuer_failed", issuerFailed.sum());
        report.check(issuerRequests.sum() > 0 && issuerFailed.sum() == 0, "every read through mark-issuer on the cluster answered 200 ("
                + issuerFailed.sum() + " of " + issuerRequests.sum() + " failed), but console pages answered 503 inside the failover "
                + "window (" + issuerConsoleInFailover.sum() + ": its sessions live in Redis)");
        report.check(o.lost() == 0, "no acknowledged scan lost across the failover and the reshard (lost " + o.lost() + ")");
        report.check(o.fiveXX() == 0, "no 5xx (" + o.fiveXX() + "): Redis is an accelerator, its failover window "
                + "costs the shared tier, never an answer");
        report.check(killedAt != null && failoverDoneAt != null && reshardTo != null, "the fault timeline ran to its end");
        checkLogs(world);
        checkKeys(world);
    }

    /**
     * No cluster error in any log; Redis failures other than timeouts only inside the failover window.
     * A command slower than RedisTier's 500 ms timeout is counted apart (per phase): on a starved
     * machine it happens with any Redis, and it costs the shared tier, not an answer.
     */
    private void checkLogs(DrillWorld world) throws IOException {
        int clusterErrors = 0;
        int failedInWindow = 0;
        int failedOutside = 0;
        int timeoutsOutside = 0;
        int timeoutsInReshard = 0;
        List<String> outside = new ArrayList<>();
        for (VerifyProcess v : world.verifies) {
            for (String line : Files.readAllLines(v.log())) {
                if (CLUSTER_ERRORS.matcher(line).find()) {
                    clusterErrors++;
                    outside.add(v.name() + ": " + line);
                }
                if (REDIS_FAILED.matcher(line).find()) {
                    Instant at = logTime(line);
                    if (at != null && killedAt != null && failoverDoneAt != null && !at.isBefore(killedAt.minusSeconds(1))
                            && at.isBefore(failoverDoneAt.plusMillis(FAILOVER_GRACE_MS))) {
                        failedInWindow++;
                    } else if (line.contains("TimeoutException")) {
                        timeoutsOutside++;
                        if (at != null && reshardFrom != null && !at.isBefore(reshardFrom) && at.isBefore(reshardTo.plusSeconds(5))) {
                            timeoutsInReshard++;
                        }
                    } else {
                        failedOutside++;
                        outside.add(v.name() + ": " + line);
                    }
                }
            }
        }
        for (String line : Files.readAllLines(issuer.process.log())) {
            if (CLUSTER_ERRORS.matcher(line).find()) {
                clusterErrors++;
                outside.add("mark-issuer: " + line);
            }
        }
        outside.stream().limit(10).forEach(l -> say("log: " + l));
        report.figure("redis_failure_streaks_in_failover", failedInWindow);
        report.figure("redis_errors_outside_failover", failedOutside);
        report.figure("redis_timeouts_outside_failover", timeoutsOutside);
        report.figure("redis_timeouts_in_reshard", timeoutsInReshard);
        report.check(clusterErrors == 0, "no CROSSSLOT/MOVED/ASK/TRYAGAIN/CLUSTERDOWN error in the services' logs, mark-issuer's included (" + clusterErrors + ")");
        report.check(failedOutside == 0, "no Redis error but timeouts outside the failover window, the reshard included ("
                + failedOutside + "; " + timeoutsOutside + " timeout streaks, " + timeoutsInReshard + " of them in the reshard)");
    }

    private static Instant logTime(String line) {
        try {
            return LocalDateTime.parse(line.substring(0, 23), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Every key of the drill's prefixes (the verify-apis', the issuer's) on every master: in its slot, tag groups and script keys together. */
    private void checkKeys(DrillWorld world) {
        checkIssuerKeys();
        String prefix = world.redisPrefix;
        KeyPlacement k = placement(prefix);
        say("keys by family (keys/masters/tag groups): " + k.families.values());
        k.misplaced.stream().limit(5).forEach(x -> say("misplaced: " + x));
        k.scriptSplit.stream().limit(5).forEach(x -> say("script keys apart: " + x));
        report.figure("keys", k.keys);
        report.figure("families", String.join(",", k.families.values().stream().map(Object::toString).toList()));
        report.check(k.families.keySet().containsAll(List.of("scan", "rl", "rid")) && k.families.keySet().stream().anyMatch(f -> f.startsWith("c:")),
                "the load wrote every hot-path family: scan counters, rate limits, replays, caches (" + k.families.keySet() + ")");
        report.check(k.misplaced.isEmpty(), "every key on the master serving its hash slot (" + k.misplaced.size() + " of " + k.keys
                + " elsewhere)");
        report.check(k.splitGroups() == 0 && k.scriptSplit.isEmpty(), "keys sharing a hash tag on one node (" + k.tagGroups()
                + " tag groups, " + k.splitGroups() + " split) and each counter with its script's other keys ("
                + k.scriptSplit.size() + " apart)");
    }

    /** Where the keys of {@code prefix} are, read from every live master. */
    private KeyPlacement placement(String prefix) {
        Map<RedisClusterNodes.Node, List<String>> byMaster = new LinkedHashMap<>();
        for (RedisClusterNodes.Node m : cluster.liveMasters()) {
            byMaster.put(m, cluster.keys(m.number(), prefix + "*"));
        }
        return new KeyPlacement(byMaster, prefix);
    }

    /** mark-issuer's keys: its caller rate limit (two keys per script under one tag) and console sessions, each on its slot. */
    private void checkIssuerKeys() {
        String prefix = "drill:" + issuer.ks.name().substring(issuer.ks.name().length() - 12) + ":";
        KeyPlacement k = placement(prefix);
        say("issuer keys by family (keys/masters/tag groups): " + k.families.values());
        k.misplaced.stream().limit(5).forEach(x -> say("misplaced: " + x));
        report.figure("issuer_keys", k.keys);
        report.figure("issuer_families", String.join(",", k.families.values().stream().map(Object::toString).toList()));
        report.check(k.families.containsKey("rl") && k.families.size() > 1 && k.misplaced.isEmpty() && k.splitGroups() == 0,
                "mark-issuer's keys (" + k.families.keySet() + ") each on the master serving its slot (" + k.misplaced.size() + " of "
                        + k.keys + " elsewhere), its rate limit's tag groups on one node each (" + k.splitGroups() + " split)");
    }

    @Override
    public void close() {
        issuerLoad = false;
        if (issuer != null) {
            issuer.close();
        }
        if (issuerRedis != null) {
            issuerRedis.close();
        }
    }
}
