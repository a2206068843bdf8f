package org.markauth.verify.web;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.markauth.verify.cache.LocalCaches;
import org.markauth.verify.cache.RedisTier;

/**
 * One scan however often a client retries it. A request to the JSON verify endpoint that carries an
 * {@code X-Request-Id} (16–64 characters {@code [A-Za-z0-9-]}, the SDK sends a UUID, the same on
 * every retry) has its answer kept for {@link #WINDOW} under that id, the code, the language and options:
 * a retry whose first attempt did reach the server (the client timed out, the answer was lost) gets
 * that first answer back, and the scan is neither recorded nor counted again. Kept in Redis, so a
 * retry that lands on another instance is recognised too, and for {@link #LOCAL_WINDOW} in this
 * process, so that with Redis down a retry to the same instance still is.
 *
 * <p>Ids outside that form are ignored, not refused: the header is optional and some proxies set
 * their own; such a request is answered and counted like one without an id. Two attempts in flight
 * at the same moment (the first still being answered when the retry arrives) both count.
 */
public final class Replays {

    /**
     * How long an answer is kept for retries: far longer than a client's retry schedule (the SDK's
     * three attempts end within ~10 s), short enough that Redis holds about 2 minutes of API traffic
     * (~1 KB per request with an id; docs/api.md, capacity runbook).
     */
    public static final Duration WINDOW = Duration.ofMinutes(2);

    /**
     * Answers held in this process: those of the last {@link #LOCAL_WINDOW}, where a client's retries
     * land, up to {@link #LOCAL_BYTES} (~16k answers; reached only above ~500 requests/s with ids per
     * instance, when Caffeine's size policy, not recency, picks what stays; Redis holds the rest).
     */
    static final Duration LOCAL_WINDOW = Duration.ofSeconds(30);
    static final long LOCAL_BYTES = 32L << 20;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{16,64}");

    private final RedisTier redis;
    private final Cache<String, Buffer> local;
    private final Counter replayed;

    public Replays(RedisTier redis, MeterRegistry meters) {
        this.redis = redis;
        this.local = LocalCaches.builder().maximumWeight(LOCAL_BYTES)
                .weigher((String k, Buffer v) -> 2 * k.length() + v.length()).expireAfterWrite(LOCAL_WINDOW).build();
        this.replayed = Counter.builder("verify_replayed_answers")
                .description("retried requests (same X-Request-Id) answered with the first answer, scan not counted again")
                .register(meters);
    }

    /**
     * The answer to this request: the one kept for its id when it is a retry, else {@code answer}'s,
     * kept for its retries. {@code variant} names what else shapes the answer (language, options).
     */
    public Future<Buffer> answer(String requestId, String code, String variant, Supplier<Future<Buffer>> answer) {
        if (requestId == null || !ID.matcher(requestId).matches()) {
            return answer.get();
        }
        String key = redis.key("rid:" + requestId + ":" + variant + ":" + digest(code));
        Buffer held = local.getIfPresent(key);
        if (held != null) {
            replayed.increment();
            return Future.succeededFuture(held.copy());
        }
        return redis.get(key).compose(earlier -> {
            if (earlier != null) {
                replayed.increment();
                Buffer b = Buffer.buffer(earlier);
                local.put(key, b);
                return Future.succeededFuture(b.copy());
            }
            return answer.get().onSuccess(body -> {
                // a copy is kept: the answer's own buffer is handed to the network and released there
                local.put(key, body.copy());
                redis.set(key, body.toString(StandardCharsets.UTF_8), WINDOW.toMillis());
            });
        });
    }

    private static String digest(String code) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
