package org.markauth.drills;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Redis server (or sentinel) as the drills' checks see it, through Debian's {@code redis-cli}
 * (the same tool the scripts under ops/cluster use): a drill asks a few questions a second at most
 * (who is master, a node's role, a count), so a process per question costs nothing that matters, and
 * the answers are the server's own words rather than a client library's view of them.
 */
record RedisCli(String host, int port) {

    /** {@code redis://host:port} (as in redis.urls) or {@code host:port}. */
    static RedisCli of(String address) {
        URI u = URI.create(address.contains("://") ? address : "redis://" + address);
        if (u.getHost() == null || u.getPort() < 0) {
            throw new IllegalArgumentException("not a Redis address with host and port: '" + address + "'");
        }
        return new RedisCli(u.getHost(), u.getPort());
    }

    /** The reply's lines ({@code --raw}); fails when redis-cli does (no answer, an error reply) or takes over 10 s. */
    List<String> run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", host, "-p", String.valueOf(port), "--raw"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("redis-cli " + this + " " + args[0] + ": no answer in 10 s");
        }
        List<String> lines = out.lines().toList();
        if (p.exitValue() != 0 || (!lines.isEmpty() && lines.get(0).matches("^(ERR|WRONGTYPE|NOSCRIPT|Could not connect).*"))) {
            throw new IOException("redis-cli " + this + " " + String.join(" ", args).lines().findFirst().orElse("") + ": "
                    + out.strip());
        }
        return lines;
    }

    /** The {@code key:value} lines of {@code INFO section}. */
    Map<String, String> info(String section) throws IOException, InterruptedException {
        Map<String, String> m = new HashMap<>();
        for (String l : run("INFO", section)) {
            int c = l.indexOf(':');
            if (c > 0) {
                m.put(l.substring(0, c), l.substring(c + 1).strip());
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
