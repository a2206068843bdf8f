package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.markauth.ops.cassandra.CassandraEndpoint;
import org.markauth.testing.Worlds;

/**
 * Two Cassandra datacenters (ops/cluster/two-dc.env: dc1 and dc2, two nodes each, the deployment's
 * GossipingPropertyFileSnitch), the keyspace in NetworkTopologyStrategy (--replication), and one
 * verify-api per datacenter at LOCAL_QUORUM with its own local datacenter, its own Redis keys and its
 * own invalidation channel (the deployment's Redis is per datacenter, not stretched: the second
 * datacenter learns of changes from change_log only), both under load. It proves, with figures:
 * <ul>
 * <li>each instance coordinates every request in its own datacenter ({@link CqlConnections}: its
 *     connections and the nodes' per-connection request counts, taken under load);</li>
 * <li>the second datacenter stopped whole (kill -9 of its nodes) under load: the first one's instance
 *     answers every request, no 5xx;</li>
 * <li>the datacenter returns and is repaired (--repair-cmd, timed), and no acknowledged scan of
 *     either instance is lost: rows found at LOCAL_QUORUM in each datacenter = scans acknowledged;</li>
 * <li>a batch recall written in the first datacenter (batch row, change_log row, a message on that
 *     datacenter's channel, as the issuer writes it) reaches verification in the second: seconds measured.</li>
 * </ul>
 */
final class TwoDcDrill extends LoadDrill {

    /** What "within seconds" means for a recall reaching the other datacenter: change_log polled every 2 s, plus replication. */
    static final double RECALL_LIMIT_SECONDS = 10.0;

    private final String home;
    private final String away;
    private final String channelToken = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private CqlSession awaySession;
    private VerifyProcess awayVerify;
    private final Map<String, List<CqlConnections.PerNode>> locality = new LinkedHashMap<>();
    private volatile double repairSeconds = -1;
    private final Map<String, Double> recallSeconds = new LinkedHashMap<>();

    TwoDcDrill(DrillOptions options, DrillReport report) {
        super(options, report);
        if (options.datacenters().size() != 2) {
            throw new IllegalArgumentException("two-dc needs two --dc=NAME=HOST:PORT,... options, the drill's own datacenter "
                    + "first (ops/drills/two-dc.sh passes them), got " + options.datacenters().keySet());
        }
        if (options.faultAt() < 5) {
            throw new IllegalArgumentException("two-dc needs --fault-at of at least 5 s (locality is probed 3 s before), got "
                    + options.faultAt());
        }
        Iterator<String> dcs = options.datacenters().keySet().iterator();
        home = dcs.next();
        away = dcs.next();
    }

    /** Every instance: the deployment's change_log poll (2 s) and a drill-private invalidation channel of its datacenter. */
    @Override
    public Map<String, String> verifySettings() {
        return Map.of("verify.invalidation.poll", "2s", "verify.invalidation.channel", channel(home));
    }

    private String channel(String dc) {
        return "drill:" + channelToken + ":" + dc + ":invalidate";
    }

    @Override
    void prepare(DrillWorld world) throws Exception {
        String points = options.datacenters().get(away);
        awaySession = CassandraEndpoint.parse(points, away).open(Optional.of(world.ks.name()), Duration.ofSeconds(10));
        // the second datacenter's instance: its nodes, its Redis keys (a prefix the first one's keys do not share),
        // its channel, its own spill and journal folder
        awayVerify = world.addVerify("verify-api-" + away, Map.of(
                "cassandra.contact-points", points,
                "cassandra.local-datacenter", away,
                "redis.key-prefix", "drill:" + away + ":" + world.redisPrefix.substring("drill:".length()),
                "verify.invalidation.channel", channel(away),
                "verify.scan.spill-dir", options.work().resolve("spill-" + away).toString()));
        awayVerify.start();
    }

    @Override
    void fault(LoadRun run, DrillWorld world) throws Exception {
        run.sleepUntil(options.faultAt() - 3);
        for (VerifyProcess v : world.verifies) {
            List<CqlConnections.PerNode> seen = CqlConnections.of(v.pid(), List.of(world.session, awaySession));
            locality.put(v.datacenter(), seen);
            say("verify-api of " + v.datacenter() + " (pid " + v.pid() + "): " + seen);
        }
        shellFault(run);
        // back: its nodes know the keyspace again (schema pulled from the other datacenter) and the
        // second instance's driver has reconnected (its pools back on its own datacenter's nodes)
        long back = System.nanoTime();
        DrillWorld.awaitSchemaOnEveryNode(awaySession, world.ks.name());
        awaitConnected(awayVerify, back);
        String repair = options.repairCmd().orElseThrow(() -> new IllegalArgumentException("--repair-cmd is required for two-dc"));
        long t0 = System.nanoTime();
        shell(repair + " " + world.ks.name());
        repairSeconds = (System.nanoTime() - t0) / 1e9;
        say(String.format("REPAIR of %s done in %.1f s", world.ks.name(), repairSeconds));
        recall(world);
    }

    /** Waits (up to 5 minutes) until {@code v} holds connections to its datacenter's nodes again. */
    private void awaitConnected(VerifyProcess v, long since) throws Exception {
        while (true) {
            long connections = CqlConnections.of(v.pid(), List.of(awaySession)).stream()
                    .filter(n -> n.datacenter().equals(v.datacenter())).mapToLong(CqlConnections.PerNode::connections).sum();
            if (connections > 0) {
                double s = (System.nanoTime() - since) / 1e9;
                report.figure(v.datacenter() + "_reconnected_s", String.format("%.1f", s));
                say(String.format("verify-api of %s connected to its datacenter again %.1f s after its nodes answered CQL", v.datacenter(), s));
                return;
            }
            if (System.nanoTime() - since > 300_000_000_000L) {
                throw new IllegalStateException("the verify-api of " + v.datacenter() + " has not reconnected to its datacenter "
                        + "within 5 minutes of its return (see its log)");
            }
            Thread.sleep(500);
        }
    }

    /**
     * A new batch verified GENUINE by both instances (so both hold it in their caches), then recalled
     * in the first datacenter as the issuer's Recalls writes it; the seconds until each instance answers
     * RECALLED.
     */
    private void recall(DrillWorld world) throws Exception {
        Worlds.GenuineBatch b = Worlds.genuineBatch(world.rows, Worlds.LICENSEE, 1, java.util.Set.of());
        long serial = world.rows.marks(b.batchId(), 1, 1, ConsistencyLevel.LOCAL_QUORUM, null)[0];
        awaitReplicated(b.batchId(), serial);
        String uri = "/api/v1/verify?code=" + URLEncoder.encode(world.programme.url(b.productId(), b.batchId(), serial),
                StandardCharsets.UTF_8);
        for (VerifyProcess v : world.verifies) {
            awaitVerdict(world, v, uri, "GENUINE", System.nanoTime());
        }
        long t0 = System.nanoTime();
        world.session.execute(SimpleStatement.newInstance("UPDATE batches SET state = 'RECALLED', recalled_at = ? WHERE batch_id = ?",
                Instant.now(), b.batchId()).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
        world.session.execute(SimpleStatement.newInstance("INSERT INTO change_log (day, at, kind, id) VALUES (?, ?, ?, ?)",
                LocalDate.now(ZoneOffset.UTC), Uuids.timeBased(), "batch", Integer.toString(b.batchId()))
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
        Redis redis = Redis.createClient(world.vertx, world.stack.redisUrl());
        try {
            redis.send(Request.cmd(Command.PUBLISH).arg(channel(home)).arg("batch:" + b.batchId()))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } finally {
            redis.close();
        }
        say("RECALL of batch " + b.batchId() + " written in " + home);
        for (VerifyProcess v : world.verifies) {
            double s = awaitVerdict(world, v, uri, "RECALLED", t0);
            synchronized (recallSeconds) {
                recallSeconds.put(v.datacenter(), s);
            }
            say(String.format("verify-api of %s answers RECALLED %.2f s after the recall was written", v.datacenter(), s));
        }
    }

    /**
     * The batch and mark rows readable at LOCAL_QUORUM in the second datacenter (cross-datacenter
     * replication is asynchronous: a verification there before it would cache UNKNOWN_SERIAL).
     */
    private void awaitReplicated(int batchId, long serial) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (awaySession.execute(SimpleStatement.newInstance("SELECT serial FROM marks WHERE batch_id = ? AND bucket = ? AND serial = ?",
                        batchId, org.markauth.registry.MarkKey.bucket(serial), org.markauth.registry.MarkKey.serialBytes(serial))
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)).one() == null
                || awaySession.execute(SimpleStatement.newInstance("SELECT state FROM batches WHERE batch_id = ?", batchId)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)).one() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("batch " + batchId + " written in " + home + " not readable in " + away + " after 30 s");
            }
            Thread.sleep(100);
        }
    }

    /** Polls {@code v} every 50 ms until it answers {@code code}; seconds since {@code since}; fails after 60 s. */
    private static double awaitVerdict(DrillWorld world, VerifyProcess v, String uri, String code, long since) throws Exception {
        String last = "no answer";
        while (System.nanoTime() - since < 60_000_000_000L) {
            try {
                DrillWorld.Reply r = world.get(v, uri).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                last = r.status() + " " + (r.status() == 200 ? r.body().toJsonObject().getString("code") : "");
                if (r.status() == 200 && code.equals(r.body().toJsonObject().getString("code"))) {
                    return (System.nanoTime() - since) / 1e9;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the verify-api of " + v.datacenter() + " did not answer " + code + " within 60 s (last: "
                + last + ")");
    }

    @Override
    void check(LoadRun.Outcome o, LoadRun run, DrillWorld world) {
        LoadRun.Instance h = o.instance(home);
        LoadRun.Instance a = o.instance(away);
        checkLocality();
        report.check(h.fiveXX() == 0 && h.transportErrors() == 0, home + "'s verify-api answered all " + h.requests()
                + " requests with no 5xx and no transport error while " + away + " was stopped (5xx " + h.fiveXX()
                + ", transport errors " + h.transportErrors() + ")");
        report.check(h.answeredDuringFaultPercent() >= 99.0, String.format("%s's verify-api kept answering GENUINE with %s "
                + "down: %.2f%% of %d requests (>= 99%%)", home, away, h.answeredDuringFaultPercent(), h.sentDuringFault()));
        say(String.format("%s's verify-api during its datacenter's absence: %.2f%% of %d answered GENUINE, %d 5xx, %d transport errors "
                + "(not checked: a global load balancer routes away from a lost region)", away, a.answeredDuringFaultPercent(),
                a.sentDuringFault(), a.fiveXX(), a.transportErrors()));
        report.check(o.lost() == 0, "no acknowledged scan of either instance lost (" + o.acknowledged() + " acknowledged, "
                + o.lost() + " missing at LOCAL_QUORUM in " + home + ")");
        long awayRows = Arrays.stream(run.countRows(awaySession)).sum();
        long homeRows = Arrays.stream(run.countRows(world.session)).sum();
        report.figure("scan_rows_" + away, awayRows);
        report.check(awayRows == homeRows, away + " holds every scan row after its return and repair (" + awayRows + " rows at "
                + "LOCAL_QUORUM in " + away + ", " + homeRows + " in " + home + ")");
        report.figure("repair_s", String.format("%.1f", repairSeconds));
        report.check(repairSeconds >= 0, away + " repaired after its return (nodetool repair -full, " + String.format("%.1f s", repairSeconds) + ")");
        synchronized (recallSeconds) {
            recallSeconds.forEach((dc, s) -> report.figure("recall_s_" + dc, String.format("%.2f", s)));
            Double s = recallSeconds.get(away);
            report.check(s != null && s <= RECALL_LIMIT_SECONDS, "a recall written in " + home + " reached verification in "
                    + away + " within " + RECALL_LIMIT_SECONDS + " s (" + (s == null ? "never measured" : String.format("%.2f s", s)) + ")");
        }
    }

    /** Every instance's connections and requests on its own datacenter's nodes, none on the other's. */
    private void checkLocality() {
        for (String dc : List.of(home, away)) {
            List<CqlConnections.PerNode> seen = locality.getOrDefault(dc, List.of());
            long local = seen.stream().filter(n -> n.datacenter().equals(dc)).mapToLong(CqlConnections.PerNode::requests).sum();
            long remoteRequests = seen.stream().filter(n -> !n.datacenter().equals(dc)).mapToLong(CqlConnections.PerNode::requests).sum();
            long remoteConnections = seen.stream().filter(n -> !n.datacenter().equals(dc)).mapToLong(CqlConnections.PerNode::connections).sum();
            List<String> perNode = new ArrayList<>();
            seen.forEach(n -> perNode.add(n.node() + "=" + n.requests()));
            report.figure(dc + "_cql_local", local);
            report.figure(dc + "_cql_remote", remoteRequests);
            report.check(local > 0 && remoteRequests == 0 && remoteConnections == 0, "the verify-api of " + dc
                    + " coordinates its Cassandra requests in " + dc + " only (requests per node " + perNode + ", "
                    + remoteConnections + " connections to the other datacenter)");
        }
    }

    @Override
    public void close() {
        if (awaySession != null) {
            awaySession.close();
        }
    }
}
