package org.markauth.drills;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The fault drills' driver (ops/drills/*.sh run it; docs/reliability.md). Prints
 * {@code DRILL <scenario> PASS|FAIL key=value ...} as its last line; exit 0 on PASS, 1 on FAIL.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Runs one fault drill against a real verify-api child process over a fresh keyspace "
                + "(hostile: and a real mark-issuer child process over one of its own).")
public final class DrillMain implements Callable<Integer> {

    @Parameters(index = "0", description = "hostile | kill-verify | redis | redis-cluster | redis-sentinel | cassandra | multi-node | two-dc | journal-cost | rolling-upgrade")
    String scenario;

    @Option(names = "--work", required = true, description = "folder for logs, spill dir and config")
    Path work;

    @Option(names = "--seconds", defaultValue = "60", description = "load duration")
    int seconds;

    @Option(names = "--fault-at", defaultValue = "15", description = "seconds into the load")
    int faultAt;

    @Option(names = "--recover-at", defaultValue = "35", description = "seconds into the load")
    int recoverAt;

    @Option(names = "--fault-cmd", description = "shell command that injects the fault (cassandra, multi-node; redis-sentinel: "
            + "it prints the killed node, which is appended to --recover-cmd; redis-cluster: the node number is appended)")
    String faultCmd;

    @Option(names = "--recover-cmd", description = "shell command that ends it (cassandra, multi-node, redis-sentinel; redis-cluster: the node number is appended)")
    String recoverCmd;

    @Option(names = "--rf", defaultValue = "1", description = "replication factor of the drill keyspace")
    int rf;

    @Option(names = "--replication", description = "the drill keyspace's replication as ops' migrator takes it "
            + "(NetworkTopologyStrategy:dc1=2,dc2=2); overrides --rf")
    String replication;

    @Option(names = "--dc", description = "two-dc: DC=HOST:PORT,HOST:PORT, one per datacenter, the first the drill's own "
            + "(MARKAUTH_CASSANDRA_CONTACT_POINTS); a verify-api runs in each")
    LinkedHashMap<String, String> datacenters = new LinkedHashMap<>();

    @Option(names = "--repair-cmd", description = "two-dc: shell command that repairs the keyspace named as its last argument")
    String repairCmd;

    @Option(names = "--consistency", defaultValue = "local_quorum", description = "verify-api's cassandra.consistency")
    String consistency;

    @Option(names = "--marks", defaultValue = "2000", description = "distinct genuine codes")
    int marks;

    @Option(names = "--concurrency", description = "requests in flight (default 16 under load, 8 for hostile: "
            + "concurrency / (2 x repetitions) lanes per service, each running its (route, case) groups one after the other)")
    Integer concurrency;

    @Option(names = "--requests", defaultValue = "12000", description = "hostile requests to send at least "
            + "(each (route, case) group is repeated as often as it takes)")
    int requests;

    @Option(names = "--settle", defaultValue = "180", description = "seconds to wait for every acknowledged scan to reach Cassandra")
    int settle;

    @Option(names = "--base-classes", description = "journal-cost: another build's verify-api/target/classes (the parent commit)")
    Path baseClasses;

    @Option(names = "--rounds", defaultValue = "3", description = "journal-cost: A/B rounds")
    int rounds;

    @Option(names = "--instances", defaultValue = "1", description = "verify-api instances over the one keyspace and Redis "
            + "(the load goes round them: each code to the next instance on each pass)")
    int instances;

    @Option(names = "--previous", description = "rolling-upgrade: folder with the running release's verify-api.jar and "
            + "mark-issuer.jar (ops/drills/releases.lib)")
    Path previous;

    @Option(names = "--keep-keyspace", description = "leave the drill keyspace for inspection")
    boolean keepKeyspace;

    public static void main(String[] args) {
        // a drill script's defaults come first and the caller's options after them: the last one given wins
        System.exit(new CommandLine(new DrillMain()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        DrillOptions o = new DrillOptions(scenario, work, seconds, faultAt, recoverAt, Optional.ofNullable(faultCmd),
                Optional.ofNullable(recoverCmd), rf, consistency, marks, Optional.ofNullable(concurrency), requests, settle,
                keepKeyspace, Optional.ofNullable(baseClasses), rounds, instances, Optional.ofNullable(replication),
                Collections.unmodifiableMap(new LinkedHashMap<>(datacenters)), Optional.ofNullable(repairCmd), Optional.ofNullable(previous));
        DrillReport report = new DrillReport(scenario);
        try (Scenario drill = scenario(o, report); DrillWorld world = DrillWorld.open(o, drill.verifySettings())) {
            for (VerifyProcess v : drill.startsVerify() ? world.verifies : List.<VerifyProcess>of()) {
                v.start();
            }
            drill.run(world);
        } catch (Throwable e) {
            report.fail("error: " + e);
            e.printStackTrace();
        }
        report.print();
        return report.passed() ? 0 : 1;
    }

    private static Scenario scenario(DrillOptions o, DrillReport report) throws Exception {
        return switch (o.scenario()) {
            case "hostile" -> new HostileDrill(o, report);
            case "kill-verify" -> new KillVerifyDrill(o, report);
            case "redis" -> new RedisDrill(o, report);
            case "redis-sentinel" -> new RedisSentinelDrill(o, report);
            case "redis-cluster" -> new RedisClusterDrill(o, report);
            case "cassandra" -> new CassandraDrill(o, report);
            case "multi-node" -> new MultiNodeDrill(o, report);
            case "two-dc" -> new TwoDcDrill(o, report);
            case "journal-cost" -> new JournalCostDrill(o, report);
            case "rolling-upgrade" -> new RollingUpgradeDrill(o, report);
            default -> throw new IllegalArgumentException("unknown scenario " + o.scenario());
        };
    }
}
