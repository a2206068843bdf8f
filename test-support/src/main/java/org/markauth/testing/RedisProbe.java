package org.markauth.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A few blocking Redis commands over plain RESP, for smoke tests of modules that have no Redis
 * client of their own (ops, mark-issuer). Services use Vert.x's Redis client; this is not one.
 */
public final class RedisProbe implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RedisProbe(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code redis://[:password@]host:port}; sends AUTH when the URL has a password. */
    public static RedisProbe connect(String redisUrl) {
        URI uri = URI.create(redisUrl);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Redis URL must look like redis://127.0.0.1:6379, got '" + redisUrl + "'");
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(uri.getHost(), port), 3000);
            s.setSoTimeout(5000);
            RedisProbe probe = new RedisProbe(s);
            String info = uri.getUserInfo();
            if (info != null && info.contains(":")) {
                probe.command("AUTH", info.substring(info.indexOf(':') + 1));
            }
            return probe;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Redis at " + uri.getHost() + ":" + port
                    + " (" + e.getMessage() + "); is the stack up? Run ops/stack up, or fix MARKAUTH_REDIS_URL", e);
        }
    }

    public void set(String key, String value) {
        command("SET", key, value);
    }

    /** The value, or null when the key does not exist. */
    public String get(String key) {
        return command("GET", key);
    }

    public long del(String key) {
        return Long.parseLong(command("DEL", key));
    }

    /** Sends one command; returns a simple/bulk string or integer reply as text (null for a nil bulk). */
    public String command(String... args) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            buf.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                buf.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                buf.write(b);
                buf.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(buf.toByteArray());
            out.flush();
            return reply(args[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis " + args[0] + " failed: " + e.getMessage(), e);
        }
    }

    private String reply(String command) throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+', ':' -> {
                return line;
            }
            case '-' -> throw new IllegalStateException("Redis refused " + command + ": " + line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n);
                line();
                return new String(b, StandardCharsets.UTF_8);
            }
            default -> throw new IllegalStateException("unexpected Redis reply type '" + (char) type + "' to " + command);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            b.write(c);
        }
        in.read(); // '\n'
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we no longer use: nothing to do
        }
    }
}
