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

    /** A CLIENT LIST line's client address (our end) and the node's address it reached (laddr, the node's end). */
    private static final Pattern CLIENT_PORTS = Pattern.compile("\\baddr=[^ ]*:(\\d+)\\b.*\\bladdr=[^ ]*:(\\d+)\\b");
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
        Map<Long, Long> owners = connectionOwners();
        for (String line : cli(number, "CLIENT", "LIST", "TYPE", "pubsub").orElse("").split("\n")) {
            client(line).ifPresent(c -> {
                Long pid = owners.get(c.connection());
                out.computeIfAbsent(pid == null ? -1 : pid, k -> new ArrayList<>()).add(c.id());
            });
        }
        return out;
    }

    /** A node's client: its id, and its connection ({@link #connection} of our port and the node's). */
    record Client(long id, long connection) {
    }

    /** The client a CLIENT LIST line describes; empty for any other line. */
    static Optional<Client> client(String line) {
        Matcher m = CLIENT_PORTS.matcher(line);
        if (!line.startsWith("id=") || !m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Client(Long.parseLong(line.substring(3, line.indexOf(' '))),
                connection(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))));
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

    /**
     * What a failed subscription check saw, for its message: per node, its pub/sub clients' ports and whose they
     * are ({@code this}: {@code pid}'s; {@code ?}: no established connection of this user has that port), or that
     * it did not answer; then {@code pid}'s established connections to the nodes' ports (local → node).
     */
    String subscriptionReport(long pid) {
        Map<Long, Long> owners = connectionOwners();
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= seeds.size(); i++) {
            Optional<String> out = cli(i, "CLIENT", "LIST", "TYPE", "pubsub");
            b.append(i == 1 ? "node" : ", node").append(i).append(": ");
            if (out.isEmpty()) {
                b.append("no answer");
                continue;
            }
            List<String> clients = new ArrayList<>();
            for (String line : out.get().split("\n")) {
                client(line).ifPresent(c -> {
                    Long owner = owners.get(c.connection());
                    clients.add((c.connection() >>> 16) + (owner == null ? " ?" : owner == pid ? " this" : " pid " + owner));
                });
            }
            b.append(clients);
        }
        List<Integer> nodePorts = seeds.stream().map(URI::getPort).toList();
        List<String> mine = established().stream().filter(c -> c.pid() == pid && nodePorts.contains(c.peerPort()))
                .map(c -> c.localPort() + " -> " + c.peerPort()).toList();
        return b.append("; its connections to the nodes: ").append(mine).toString();
    }

    /**
     * The pid owning each established connection, keyed by {@link #connection} of its two ports (ss -tnp: same user
     * only). Not by the local port alone: Linux gives two connections the same local port when they go to different
     * peers, and on loopback the instances, the issuer and the drill each hold one to every node; keyed by the local
     * port, one connection's owner could stand for another's (a subscription then "on no node", 2026-12-07).
     */
    private static Map<Long, Long> connectionOwners() {
        Map<Long, Long> out = new HashMap<>();
        for (Connection c : established()) {
            out.put(connection(c.localPort(), c.peerPort()), c.pid());
        }
        return out;
    }

    static long connection(int localPort, int peerPort) {
        return (long) localPort << 16 | peerPort;
    }

    /** An established TCP connection of this user's processes, as {@code ss -tnp} lists it. */
    private record Connection(int localPort, int peerPort, long pid) {
    }

    private static List<Connection> established() {
        List<Connection> out = new ArrayList<>();
        try {
            for (String line : run(List.of("ss", "-tnpH", "state", "established"), 10).split("\n")) {
                String[] f = line.trim().split("\\s+");
                Matcher pid = SS_PID.matcher(line);
                if (f.length >= 4 && pid.find()) {
                    out.add(new Connection(port(f[2]), port(f[3]), Long.parseLong(pid.group(1))));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("ss -tnp failed (" + e.getMessage() + "): install iproute2 to map connections to processes", e);
        }
        return out;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
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
