package org.markauth.drills;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drill's view of the loopback Redis Cluster (ops/cluster/redis-cluster), through redis-cli, as an
 * operator would look: who is master of which slots ({@code CLUSTER NODES}), whether every node says
 * {@code cluster_state:ok}, the keys on a node, and which process holds a pub/sub connection to it.
 * Nodes are numbered 1..n in seed order, the numbering of the script's {@code kill N} and {@code start N}.
 */
final class RedisClusterNodes {

    /** One line of {@code CLUSTER NODES}; {@code slots} as ranges {@code [from, to]}. */
    record Node(String id, int number, String host, int port, boolean master, boolean failed, String masterId,
                List<int[]> slots) {

        boolean serves(int slot) {
            return slots.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
        }

        int slotCount() {
            return slots.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
        }

        @Override
        public String toString() {
            return "node" + number + " (" + host + ":" + port + ")";
        }
    }

    private static final Pattern PEER_PORT = Pattern.compile("\\baddr=[^ ]*:(\\d+)\\b");
    private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");

    private final List<URI> seeds;

    /** @param seedUrls the comma-separated redis:// URLs of {@code ops/cluster/redis-cluster seeds} */
    RedisClusterNodes(String seedUrls) {
        this.seeds = Arrays.stream(seedUrls.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(URI::create).toList();
        if (seeds.size() < 6) {
            throw new IllegalArgumentException("a Redis Cluster drill needs the six seeds of ops/cluster/redis-cluster seeds, got '"
                    + seedUrls + "'");
        }
    }

    int size() {
        return seeds.size();
    }

    /** redis-cli against node {@code number}'s address ({@link RedisCli}); its output, or empty when the node does not answer or refuses. */
    Optional<String> cli(int number, String... args) {
        URI u = seeds.get(number - 1);
        try {
            return Optional.of(String.join("\n", new RedisCli(u.getHost(), u.getPort()).run(args)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The cluster as the first answering node sees it. */
    List<Node> nodes() {
        for (int i = 1; i <= seeds.size(); i++) {
            Optional<String> out = cli(i, "CLUSTER", "NODES");
            if (out.isPresent() && !out.get().isBlank() && !out.get().startsWith("ERR")) {
                return parse(out.get());
            }
        }
        throw new IllegalStateException("no node of " + seeds + " answers CLUSTER NODES; is ops/cluster/redis-cluster up?");
    }

    List<Node> parse(String clusterNodes) {
        List<Node> out = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            String hostPort = f[1].substring(0, f[1].indexOf('@') > 0 ? f[1].indexOf('@') : f[1].length());
            String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
            int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;   // a slot being migrated or imported: still served by its owner
                }
                String[] r = f[i].split("-");
                slots.add(new int[] {Integer.parseInt(r[0]), Integer.parseInt(r[r.length - 1])});
            }
            out.add(new Node(f[0], numberOf(port), host, port, f[2].contains("master"), f[2].contains("fail"),
                    f[3], slots));
        }
        return out;
    }

    private int numberOf(int port) {
        for (int i = 0; i < seeds.size(); i++) {
            if (seeds.get(i).getPort() == port) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The masters that serve slots and are not failed. */
    List<Node> liveMasters() {
        return nodes().stream().filter(n -> n.master() && !n.failed() && !n.slots().isEmpty()).toList();
    }

    /** Every node that answers says cluster_state:ok, and every slot is served by a live master. */
    boolean ok() {
        int answering = 0;
        for (int i = 1; i <= seeds.size(); i++) {
            Optional<String> info = cli(i, "CLUSTER", "INFO");
            if (info.isEmpty()) {
                continue;
            }
            answering++;
            if (!info.get().contains("cluster_state:ok")) {
                return false;
            }
        }
        return answering > 0 && liveMasters().stream().mapToInt(Node::slotCount).sum() == 16384;
    }

    /** The keys matching {@code pattern} that node {@code number} holds (SCAN, not KEYS: the node keeps serving). */
    List<String> keys(int number, String pattern) {
        return cli(number, "--scan", "--pattern", pattern).map(s -> s.lines().filter(l -> !l.isBlank()).toList())
                .orElseThrow(() -> new IllegalStateException("node" + number + " does not answer SCAN"));
    }

    /** The client ids of node {@code number}'s pub/sub connections, by the pid of the local process holding each. */
    Map<Long, List<Long>> subscribersByPid(int number) {
        Map<Long, List<Long>> out = new HashMap<>();
        Map<Integer, Long> pidOfPort = localPortOwners();
        for (String line : cli(number, "CLIENT", "LIST", "TYPE", "pubsub").orElse("").split("\n")) {
            Matcher m = PEER_PORT.matcher(line);
            if (m.find() && line.startsWith("id=")) {
                long id = Long.parseLong(line.substring(3, line.indexOf(' ')));
                Long pid = pidOfPort.get(Integer.parseInt(m.group(1)));
                out.computeIfAbsent(pid == null ? -1 : pid, k -> new ArrayList<>()).add(id);
            }
        }
        return out;
    }

    /** The nodes (numbers) holding a pub/sub connection of process {@code pid}. */
    List<Integer> subscribedNodes(long pid) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= seeds.size(); i++) {
            if (subscribersByPid(i).containsKey(pid)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Local TCP ports of established connections, by the pid that owns each (ss -tnp: same user only). */
    private static Map<Integer, Long> localPortOwners() {
        Map<Integer, Long> out = new HashMap<>();
        try {
            for (String line : run(List.of("ss", "-tnpH", "state", "established"), 10).split("\n")) {
                String[] f = line.trim().split("\\s+");
                Matcher pid = SS_PID.matcher(line);
                if (f.length >= 4 && pid.find()) {
                    String local = f[2];
                    out.put(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)), Long.parseLong(pid.group(1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("ss -tnp failed (" + e.getMessage() + "): install iproute2 to map connections to processes", e);
        }
        return out;
    }

    static String run(List<String> cmd, int timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not end within " + timeoutSeconds + " s");
            }
            return new String(out).replace("\r", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
