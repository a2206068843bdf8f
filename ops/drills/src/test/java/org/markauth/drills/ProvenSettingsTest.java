package org.markauth.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests use the settings the drills proved (issue 21): the Sentinel drill runs
 * ops/deploy/systemd/redis/sentinel.conf, so the chart's Sentinel values must say the same; the two-dc
 * drill runs LOCAL_QUORUM over NetworkTopologyStrategy with datacenters dc1 and dc2 (GossipingPropertyFileSnitch,
 * as K8ssandra sets it), so the services' configuration, the migration job and the K8ssandra cluster must name
 * those. A change to either side fails here until the drill is run again with it (docs/reliability.md).
 */
class ProvenSettingsTest {

    private static final Path ROOT = DeploySettings.repositoryRoot();
    private static final Path K8S = ROOT.resolve("ops/deploy/k8s");

    @Test
    void theChartsSentinelSettingsAreTheOnesTheSentinelDrillRan() throws IOException {
        Map<String, String> drilled = sentinelConf(ROOT.resolve("ops/deploy/systemd/redis/sentinel.conf"));
        Map<String, Object> chart = map(yaml(K8S.resolve("data/redis/values-sentinel.yaml")), "sentinel");

        assertThat(chart.get("masterSet")).isEqualTo(drilled.get("master-name"));
        assertThat(String.valueOf(chart.get("quorum"))).isEqualTo(drilled.get("quorum"));
        assertThat(String.valueOf(chart.get("downAfterMilliseconds"))).isEqualTo(drilled.get("down-after-milliseconds"));
        assertThat(String.valueOf(chart.get("failoverTimeout"))).isEqualTo(drilled.get("failover-timeout"));
        assertThat(String.valueOf(chart.get("parallelSyncs"))).isEqualTo(drilled.get("parallel-syncs"));
        for (String service : List.of("verify-api", "mark-issuer")) {
            Properties p = properties(K8S.resolve("base/config/" + service + ".properties"));
            assertThat(p.getProperty("redis.mode")).as(service).isEqualTo("sentinel");
            assertThat(p.getProperty("redis.master-name")).as(service).isEqualTo(drilled.get("master-name"));
        }
    }

    @Test
    void theServicesAndTheClusterUseTheConsistencyReplicationAndDatacentersTheTwoDcDrillRan() throws IOException {
        String drill = Files.readString(ROOT.resolve("ops/drills/two-dc.sh"));
        Matcher consistency = Pattern.compile("--consistency=(\\w+)").matcher(drill);
        Matcher replication = Pattern.compile("--replication=NetworkTopologyStrategy:(\\w+)=\\d+,(\\w+)=\\d+").matcher(drill);
        assertThat(consistency.find()).as("two-dc.sh names its consistency").isTrue();
        assertThat(replication.find()).as("two-dc.sh runs NetworkTopologyStrategy over two datacenters").isTrue();
        List<String> dcs = List.of(replication.group(1), replication.group(2));

        Properties verify = properties(K8S.resolve("base/config/verify-api.properties"));
        assertThat(verify.getProperty("cassandra.consistency")).isEqualToIgnoringCase(consistency.group(1));
        assertThat(verify.getProperty("cassandra.local-datacenter")).isEqualTo(dcs.get(0));
        assertThat(Files.readString(K8S.resolve("overlays/production-dc2/kustomization.yaml")))
                .as("the second region's overlay sets its own local datacenter")
                .contains("cassandra.local-datacenter=" + dcs.get(1));

        assertThat(Files.readString(K8S.resolve("base/migrate/job.yaml")))
                .containsPattern("NetworkTopologyStrategy:" + dcs.get(0) + "=\\d+," + dcs.get(1) + "=\\d+");
        Map<String, Object> k8ssandra = yaml(K8S.resolve("data/cassandra/k8ssandra-cluster.yaml"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> datacenters = (List<Map<String, Object>>) map(map(k8ssandra, "spec"), "cassandra").get("datacenters");
        assertThat(datacenters).extracting(d -> map(d, "metadata").get("name")).containsExactlyElementsOf(dcs);
        assertThat(Files.readString(ROOT.resolve("ops/cluster/two-dc.env")))
                .as("the drill's nodes are placed in the same datacenters")
                .contains("MARKAUTH_CLUSTER_DCS=\"" + dcs.get(0) + " " + dcs.get(0) + " " + dcs.get(1) + " " + dcs.get(1) + "\"");
    }

    /** {@code sentinel <setting> <master> <value>} lines, and the monitored master's name and quorum. */
    private static Map<String, String> sentinelConf(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 6 && w[0].equals("sentinel") && w[1].equals("monitor")) {
                out.put("master-name", w[2]);
                out.put("quorum", w[5]);
            } else if (w.length == 4 && w[0].equals("sentinel")) {
                out.put(w[1], w[3]);
            }
        }
        assertThat(out).as(file + " monitors a master").containsKeys("master-name", "quorum");
        return out;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return new Yaml().load(r);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertThat(v).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) v;
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
