package org.markauth.verify.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis's own count of the commands it ran ({@code INFO commandstats}), read between windows over a
 * plain socket. The Redis of the stack may be shared (other runs, tests): a delta counts theirs too,
 * so the bench prints it as "at most" per verification.
 */
final class RedisCommands {

    private static final Pattern CMD = Pattern.compile("^cmdstat_([a-z|_-]+):calls=(\\d+)", Pattern.MULTILINE);

    private RedisCommands() {
    }

    /** Calls per command since Redis started; empty when Redis cannot be asked. */
    static Map<String, Long> calls(String redisUrl) {
        Map<String, Long> out = new TreeMap<>();
        URI u = URI.create(redisUrl);
        try (Socket s = new Socket(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort())) {
            s.setSoTimeout(5_000);
            OutputStream o = s.getOutputStream();
            o.write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            String header = readLine(in);   // $<length>
            if (!header.startsWith("$")) {
                return out;
            }
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            Matcher m = CMD.matcher(new String(body, StandardCharsets.UTF_8));
            while (m.find()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("BENCH warning: Redis INFO commandstats not read (" + e + ")");
        }
        return out;
    }

    /** {@code after - before} per command, non-zero ones only. */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long x = v - before.getOrDefault(k, 0L);
            if (x != 0) {
                d.put(k, x);
            }
        });
        return d;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
