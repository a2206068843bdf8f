package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.markauth.registry.Invalidation;

/**
 * Redis with Sentinel (ops/cluster/redis-sentinel: a master, two replicas, three sentinels, quorum 2)
 * under load on two verify-api instances in {@code redis.mode=sentinel}: the master killed with
 * kill -9 ({@code --fault-cmd}, which prints the killed node), a replica promoted by the sentinels,
 * the services following the new master; at {@code --recover-at} the old master is started again
 * ({@code --recover-cmd} plus that node) and must rejoin as a replica of the new one.
 *
 * <p>What "the services follow" means here, each measured from the server side so that it cannot be
 * faked by a service that merely stopped using Redis: both instances' readiness reports Redis DOWN
 * and then UP again (a real PING through their pooled client and breaker), the scan counters of the
 * world's codes grow on the new master after it was promoted, and both instances' invalidation
 * subscribers are subscribed on the new master ({@code PUBSUB NUMSUB}). The failover time is from the
 * kill to the later of the two instances' Redis being UP again; {@value #MAX_FAILOVER_S} s is the
 * bound (the sentinels' down-after, 5 s as deployed, their vote and the promotion, the client's 1 s
 * topology cache and the breaker's backoff of at most 5 s).
 */
final class RedisSentinelDrill extends LoadDrill {

    static final int MAX_FAILOVER_S = 20;
    /** The world's codes' scan counts (the {@code n} of every counter hash under the prefix), read-only so a replica answers too. */
    private static final String SUM_COUNTS = """
            local s = 0
            for _, k in ipairs(redis.call('KEYS', ARGV[1])) do
              if redis.call('TYPE', k).ok == 'hash' then s = s + (tonumber(redis.call('HGET', k, 'n')) or 0) end
            end
            return s""";

    private String prefix;
    private List<RedisCli> sentinels;
    private String masterName;
    private RedisCli oldMaster;
    private String oldRunId;
    private String killedNode;
    private volatile RedisCli newMaster;
    private long countAtPromotion = -1;
    private volatile double promotionSeconds = -1;
    private double[] downSeconds;
    private double[] upAgainSeconds;
    private double rejoinSeconds = -1;
    private long subscribersOnNewMaster = -1;

    RedisSentinelDrill(DrillOptions options, DrillReport report) {
        super(options, report);
    }

    @Override
    void fault(LoadRun run, DrillWorld world) throws Exception {
        Map<String, String> redis = world.stack.redisSettings();
        if (!"sentinel".equalsIgnoreCase(redis.get("redis.mode"))) {
            throw new IllegalStateException("the services are not in redis.mode=sentinel (" + redis + "): run this drill with "
                    + "ops/drills/redis-sentinel.sh, which sets MARKAUTH_REDIS_MODE, MARKAUTH_REDIS_URLS and MARKAUTH_REDIS_MASTER_NAME");
        }
        masterName = redis.get("redis.master-name");
        prefix = world.redisPrefix;
        sentinels = Arrays.stream(redis.get("redis.urls").split(",")).map(String::strip).map(RedisCli::of).toList();
        int n = world.verifies.size();
        downSeconds = new double[n];
        upAgainSeconds = new double[n];
        Arrays.fill(downSeconds, -1);
        Arrays.fill(upAgainSeconds, -1);

        List<String> conf = sentinels.get(0).run("SENTINEL", "master", masterName);
        for (String k : List.of("quorum", "down-after-milliseconds", "failover-timeout")) {
            int at = conf.indexOf(k);
            report.figure(k.replace("-milliseconds", "_ms").replace('-', '_'), at >= 0 && at + 1 < conf.size() ? conf.get(at + 1) : "?");
        }

        run.sleepUntil(options.faultAt());
        oldMaster = masterNow();
        oldRunId = oldMaster.info("server").get("run_id");
        say("master " + oldMaster + " (run_id " + oldRunId + "), " + oldMaster.info("replication").get("connected_slaves")
                + " replicas; counted scans there: " + countedScans(oldMaster));
        killedNode = shellOutput(options.faultCommand());   // its last act is the kill
        long t0 = System.nanoTime();
        run.faultStarts();
        say("FAULT master node " + killedNode + " (" + oldMaster + ") killed with SIGKILL");
        awaitFailover(world, t0);
        run.recoveryStarts();
        awaitSubscribers();

        run.sleepUntil(options.recoverAt());
        say("RECOVER " + options.recoverCommand() + " " + killedNode);
        long t1 = System.nanoTime();
        shell(options.recoverCommand() + " " + killedNode);
        awaitRejoin(t1);
    }

    /**
     * Until the sentinels name another master and every instance has reported Redis DOWN and then UP
     * again (at most 60 s): one watcher thread each, so that a slow answer of one (a loaded machine)
     * does not hide another's short outage.
     */
    private void awaitFailover(DrillWorld world, long t0) throws InterruptedException {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        List<Thread> watchers = new ArrayList<>();
        for (int i = 0; i < upAgainSeconds.length; i++) {
            int instance = i;
            watchers.add(watcher("watch-verify-" + (i + 1), () -> watchInstance(world, instance, t0, deadline)));
        }
        watchers.add(watcher("watch-sentinels", () -> watchSentinels(t0, deadline)));
        for (Thread t : watchers) {
            t.join();
        }
        if (newMaster == null || Arrays.stream(upAgainSeconds).anyMatch(x -> x < 0)) {
            say("failover not complete 60 s after the kill: new master " + newMaster + ", Redis DOWN at "
                    + fmt(downSeconds) + " s, UP again at " + fmt(upAgainSeconds) + " s");
        }
    }

    private static Thread watcher(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.start();
        return t;
    }

    private void watchInstance(DrillWorld world, int i, long t0, long deadline) {
        while (System.nanoTime() < deadline) {
            boolean up = redisUp(world, i);
            if (!up && downSeconds[i] < 0) {
                downSeconds[i] = seconds(t0);
                say(String.format("verify-api #%d: Redis DOWN at %.2f s", i + 1, downSeconds[i]));
            } else if (up && downSeconds[i] >= 0) {
                upAgainSeconds[i] = seconds(t0);
                say(String.format("verify-api #%d: Redis UP again at %.2f s", i + 1, upAgainSeconds[i]));
                return;
            }
            pause(100);
        }
    }

    private void watchSentinels(long t0, long deadline) {
        while (System.nanoTime() < deadline) {
            RedisCli m = masterOrNull();
            if (m != null && !m.equals(oldMaster)) {
                promotionSeconds = seconds(t0);
                try {
                    countAtPromotion = countedScans(m);
                } catch (IOException | InterruptedException e) {
                    say("counting scans on the new master failed: " + e.getMessage());
                }
                newMaster = m;
                say(String.format("sentinels promoted %s at %.2f s (counted scans there: %d)", m, promotionSeconds,
                        countAtPromotion));
                return;
            }
            pause(100);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Both instances' invalidation subscribers back, on the new master (at most 20 s: their backoff is at most 5 s). */
    private void awaitSubscribers() throws Exception {
        if (newMaster == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        do {
            List<String> r = newMaster.run("PUBSUB", "NUMSUB", Invalidation.CHANNEL);
            subscribersOnNewMaster = r.size() >= 2 ? Long.parseLong(r.get(1).strip()) : 0;
            if (subscribersOnNewMaster >= upAgainSeconds.length) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        say("invalidation subscribers on the new master: " + subscribersOnNewMaster);
    }

    /** The restarted old master a replica of the new one with its link up (at most 60 s). */
    private void awaitRejoin(long t1) throws Exception {
        long deadline = t1 + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (newMaster != null && isReplicaOf(oldMaster, newMaster)) {
                rejoinSeconds = seconds(t1);
                say(String.format("old master %s rejoined as a replica of %s after %.2f s", oldMaster, newMaster, rejoinSeconds));
                return;
            }
            Thread.sleep(250);
        }
        say("old master " + oldMaster + " not a synced replica of " + newMaster + " 60 s after its restart");
    }

    private static boolean isReplicaOf(RedisCli node, RedisCli master) {
        try {
            Map<String, String> r = node.info("replication");
            return "slave".equals(r.get("role")) && master.host().equals(r.get("master_host"))
                    && String.valueOf(master.port()).equals(r.get("master_port")) && "up".equals(r.get("master_link_status"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            return false;
        }
    }

    /** The readiness route's Redis check: a PING through the instance's own client and breaker. */
    private static boolean redisUp(DrillWorld world, int instance) {
        try {
            DrillWorld.Reply r = world.get(world.verifies.get(instance), "/health/ready").toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            JsonObject checks = new JsonObject(r.body()).getJsonObject("checks");
            return checks != null && "UP".equals(checks.getString("redis"));
        } catch (Exception e) {
            return false;
        }
    }

    /** The master the first answering sentinel names. */
    private RedisCli masterNow() throws IOException {
        RedisCli m = masterOrNull();
        if (m == null) {
            throw new IOException("no sentinel of " + sentinels + " names a master for '" + masterName
                    + "'; is ops/cluster/redis-sentinel up?");
        }
        return m;
    }

    private RedisCli masterOrNull() {
        for (RedisCli s : sentinels) {
            try {
                List<String> r = s.run("SENTINEL", "get-master-addr-by-name", masterName);
                if (r.size() == 2) {
                    return new RedisCli(r.get(0).strip(), Integer.parseInt(r.get(1).strip()));
                }
            } catch (IOException | RuntimeException e) {
                // this sentinel is down or busy: ask the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private long countedScans(RedisCli node) throws IOException, InterruptedException {
        return Long.parseLong(node.run("EVAL_RO", SUM_COUNTS, "0", prefix + "scan:*").get(0).strip());
    }

    private static String fmt(double[] seconds) {
        return Arrays.stream(seconds).mapToObj(x -> x < 0 ? "none" : String.format("%.2f", x)).toList().toString();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    @Override
    void check(LoadRun.Outcome o, LoadRun run, DrillWorld world) throws Exception {
        report.check(o.lost() == 0, "no acknowledged scan lost across the failover (lost " + o.lost() + ")");
        report.check(o.fiveXX() == 0, "no 5xx across the failover: the documented window is zero, verification never "
                + "waits for Redis (" + o.fiveXX() + ")");
        report.check(o.okDuringFault() > 0, "verification kept answering between the kill and both instances' Redis "
                + "being back (" + o.okDuringFault() + " verdicts with the unit found)");
        report.check(newMaster != null && !newMaster.equals(oldMaster), "the sentinels promoted a replica ("
                + oldMaster + " -> " + newMaster + String.format(", named by a sentinel %.2f s after the kill)", promotionSeconds));
        double failover = Arrays.stream(upAgainSeconds).max().orElse(-1);
        boolean everyInstance = Arrays.stream(upAgainSeconds).allMatch(s -> s > 0);
        report.figure("promotion_s", String.format("%.2f", promotionSeconds));
        report.figure("failover_s", everyInstance ? String.format("%.2f", failover) : "none");
        report.check(everyInstance && failover <= MAX_FAILOVER_S, String.format("every verify-api instance reported Redis DOWN "
                + "(at %s s) and UP again (at %s s) within %d s of the kill", fmt(downSeconds),
                fmt(upAgainSeconds), MAX_FAILOVER_S));
        report.figure("subscribers_new_master", subscribersOnNewMaster);
        report.check(subscribersOnNewMaster >= upAgainSeconds.length, "both instances' invalidation subscribers "
                + "resubscribed on the new master (PUBSUB NUMSUB " + Invalidation.CHANNEL + " = " + subscribersOnNewMaster + ")");
        if (newMaster == null) {
            return;
        }
        long countAtEnd = countedScans(newMaster);
        report.figure("counted_new_master", countAtPromotion + "->" + countAtEnd);
        report.check(countAtEnd > countAtPromotion, "scans after the failover were counted on the new master (scan counts "
                + "there " + countAtPromotion + " at its promotion, " + countAtEnd + " after the load)");
        report.figure("rejoin_s", String.format("%.2f", rejoinSeconds));
        report.check(rejoinSeconds >= 0, "the old master " + oldMaster + " restarted and rejoined as a replica of "
                + newMaster + String.format(" (%.2f s)", rejoinSeconds));
        long onOld = awaitSameCount(countAtEnd);
        report.check(onOld == countAtEnd, "the rejoined old master holds the new master's counts (" + onOld + " of "
                + countAtEnd + ")");
        report.figure("roles", roles());
    }

    /** The old master's count once replication has caught up with {@code want} (at most 15 s; the services are stopped). */
    private long awaitSameCount(long want) throws InterruptedException {
        long got = -1;
        for (int i = 0; i < 60 && got != want; i++) {
            try {
                got = countedScans(oldMaster);
            } catch (IOException e) {
                got = -1;
            }
            if (got != want) {
                Thread.sleep(250);
            }
        }
        return got;
    }

    /** Each node's role as it reports it, e.g. {@code 7301:slave,7302:master,7303:slave}. */
    private String roles() throws InterruptedException {
        List<RedisCli> nodes = new ArrayList<>(List.of(oldMaster, newMaster));
        try {
            // the master's replicas: "slave0:ip=127.0.0.1,port=7303,state=online,offset=...,lag=0"
            for (var e : newMaster.info("replication").entrySet()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("ip=([^,]+),port=(\\d+)").matcher(e.getValue());
                if (e.getKey().startsWith("slave") && m.find()) {
                    nodes.add(new RedisCli(m.group(1), Integer.parseInt(m.group(2))));
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        List<String> out = new ArrayList<>();
        for (RedisCli node : nodes.stream().distinct().sorted(java.util.Comparator.comparingInt(RedisCli::port)).toList()) {
            String role;
            try {
                role = Objects.requireNonNullElse(node.info("replication").get("role"), "unknown");
            } catch (IOException e) {
                role = "down";
            }
            out.add(node.port() + ":" + role);
        }
        return String.join(",", out);
    }
}
