package org.markauth.verify.cache;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script called by its SHA-1 (EVALSHA) so the hot path neither sends nor re-hashes the
 * script text; on NOSCRIPT (a restarted or failed-over Redis) it falls back to EVAL once, which
 * loads it again.
 */
public final class LuaScript {

    private final String text;
    private final String sha;

    public LuaScript(String text) {
        this.text = text;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is mandatory in every JDK", e);
        }
    }

    /** Runs the script with one key and the given arguments through the breaker. */
    public Future<Response> run(RedisTier redis, String what, String key, String... args) {
        return run(redis, what, List.of(key), args);
    }

    /** Runs the script with the given keys (one Redis Cluster slot) and arguments through the breaker. */
    public Future<Response> run(RedisTier redis, String what, List<String> keys, String... args) {
        List<String> shaArgs = new ArrayList<>(args.length + keys.size() + 2);
        shaArgs.add(sha);
        shaArgs.add(Integer.toString(keys.size()));
        shaArgs.addAll(keys);
        shaArgs.addAll(List.of(args));
        return redis.call(what, a -> a.evalsha(shaArgs).recover(e -> {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                return Future.failedFuture(e);
            }
            List<String> evalArgs = new ArrayList<>(shaArgs);
            evalArgs.set(0, text);
            return a.eval(evalArgs);
        }));
    }
}
