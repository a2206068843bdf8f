package org.markauth.drills;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import com.datastax.oss.driver.api.core.metadata.Node;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which Cassandra nodes a process coordinates its requests on, seen from outside the process, so
 * that no instrumentation of the service is needed: its established TCP connections (the socket
 * inodes of its file descriptors, looked up in {@code /proc/net/tcp} and {@code tcp6}), and for each
 * the requests the node counted on it ({@code system_views.clients}, matched by the client's port).
 * The two-dc drill's proof that a verify-api reads and writes in its own datacenter: all of its
 * connections and requests land on that datacenter's nodes. Linux only (and the drill runs as the
 * same user as the process, or root).
 */
final class CqlConnections {

    /** Requests a process sent to one node ({@code host:port} of its CQL port), over how many connections. */
    record PerNode(String datacenter, String node, int connections, long requests) {
    }

    private CqlConnections() {
    }

    /**
     * The process's connections to the nodes of {@code sessions}' datacenters (each session sees its
     * own datacenter's nodes; their virtual tables are read node by node).
     */
    static List<PerNode> of(long pid, List<CqlSession> sessions) throws IOException {
        Map<String, List<Integer>> mine = new HashMap<>();
        connections(pid).forEach((remote, ports) -> mine.put(key(remote), ports));
        List<PerNode> out = new ArrayList<>();
        for (CqlSession s : sessions) {
            for (Node node : s.getMetadata().getNodes().values()) {
                if (node.getDistance() == NodeDistance.IGNORED) {
                    continue;
                }
                // the driver's end point is an unresolved address (host string and port): compare as text
                String addr = key((InetSocketAddress) node.getEndPoint().resolve());
                List<Integer> ports = mine.getOrDefault(addr, List.of());
                Map<Integer, Long> counts = requestCounts(s, node);
                long requests = ports.stream().mapToLong(p -> counts.getOrDefault(p, 0L)).sum();
                out.add(new PerNode(node.getDatacenter(), addr, ports.size(), requests));
            }
        }
        return out;
    }

    private static String key(InetSocketAddress a) {
        return (a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort();
    }

    /** request_count per client port, as the node counts it. */
    private static Map<Integer, Long> requestCounts(CqlSession s, Node node) {
        Map<Integer, Long> m = new HashMap<>();
        for (Row r : s.execute(SimpleStatement.newInstance("SELECT port, request_count FROM system_views.clients").setNode(node))) {
            m.put(r.getInt("port"), r.getLong("request_count"));
        }
        return m;
    }

    /** The process's established TCP connections: remote address to the local ports connected to it. */
    static Map<InetSocketAddress, List<Integer>> connections(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing: not a connection any more
                }
            }
        }
        Map<InetSocketAddress, List<Integer>> out = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ... inode (field 9); st 01 = ESTABLISHED
                if (f.length > 9 && "01".equals(f[3]) && inodes.contains(f[9])) {
                    out.computeIfAbsent(address(f[2]), k -> new ArrayList<>()).add(address(f[1]).getPort());
                }
            }
        }
        return out;
    }

    /**
     * {@code 0B00007F:7162} (IPv4) or 32 hex digits (IPv6) and a port, as the kernel prints them: each
     * 32-bit word in host (little-endian) order. An IPv4-mapped IPv6 address comes back as IPv4.
     */
    static InetSocketAddress address(String hex) throws IOException {
        String[] hp = hex.split(":");
        byte[] raw = HexFormat.of().parseHex(hp[0]);
        for (int w = 0; w < raw.length; w += 4) {
            for (int i = 0; i < 2; i++) {
                byte b = raw[w + i];
                raw[w + i] = raw[w + 3 - i];
                raw[w + 3 - i] = b;
            }
        }
        return new InetSocketAddress(InetAddress.getByAddress(raw), Integer.parseInt(hp[1], 16));
    }
}
