package org.markauth.verify.web;

import com.github.benmanes.caffeine.cache.Cache;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.markauth.http.ApiError;
import org.markauth.http.SlidingMinute;
import org.markauth.verify.cache.LocalCaches;
import org.markauth.verify.cache.LuaScript;
import org.markauth.verify.cache.RedisTier;

/**
 * Per-client rate limit (requests per minute) over a sliding minute ({@link SlidingMinute}, the rule
 * mark-issuer's per-key limit shares), shared across instances through Redis. A client's count is
 * this clock minute's requests plus the last minute's weighted by the share of it still inside the
 * last 60 seconds, the usual two-counter approximation of a sliding log: unlike a fixed window, a
 * client cannot send the limit at the end of one minute and again at the start of the next. Only
 * admitted requests are counted, so a client that keeps sending above the limit still gets the
 * limit's worth (less one) through each minute, and the refusal says when the next one will be
 * admitted (Retry-After). The client is the keyed hash of its address, never the address.
 *
 * <p><b>Counted here, shared in the background.</b> Each instance keeps every client's count as
 * it last learnt it from Redis plus the requests it admitted since, and decides most requests on
 * that alone: no Redis round trip per request. Its admissions are added to Redis every
 * {@link #SYNC} (one script call per key bucket, which also brings back the other instances'
 * counts). Redis is asked on the request path — one script call that adds this instance's unsent
 * admissions and decides the request atomically, as every request did before — only when the
 * count known here leaves less than the local allowance ({@code max(1, limit / 20)},
 * {@link #LOCAL_SHARE}) of room, or this instance has admitted that many since it last told Redis.
 * A consumer scanning a few codes a minute therefore never waits for Redis. A request the count
 * known here already refuses is refused without asking (the count only grows within a minute). A
 * client new here, or in a new clock minute, is decided on what this instance knows and is synced
 * with the next sync, which brings the other instances' counts of this minute and the last.
 * <b>Bound:</b> an instance admits at most the local allowance on counts another instance has not
 * seen yet, so a client spreading requests over N instances gets at most
 * {@code N × max(1, limit / 20)} more than the limit in a minute (5 % per instance); on one
 * instance the decisions are exact.
 *
 * <p>Keys carry one of {@value #BUCKETS} hash tags so a bucket's keys share a Redis Cluster slot
 * and a sync is one call per bucket. With Redis down, each instance counts locally the same way
 * against the same limit (its unsent admissions wait for Redis to come back), so protection degrades
 * to per-instance instead of vanishing.
 */
public final class RateLimiter extends VerticleBase {

    /** How often this instance's admissions are added to Redis. */
    public static final Duration SYNC = Duration.ofMillis(500);
    /** The local allowance is this share of the limit (at least one request). */
    public static final int LOCAL_SHARE = 20;
    static final int BUCKETS = 64;
    private static final int MAX_CLIENTS_PER_CALL = 256;

    /**
     * KEYS[1] this minute's counter, KEYS[2] the last minute's; ARGV[1] expiry (ms) of a new counter,
     * ARGV[2] ms elapsed in this minute, ARGV[3] the limit, ARGV[4] this instance's admissions not yet
     * added. Adds those, then {@link SlidingMinute#SCRIPT}'s rule for one more request. Returns
     * {1 admitted or 0 refused, this minute's count, the last minute's count}.
     */
    static final String TAKE = ""
            + "local add = tonumber(ARGV[4])\n"
            + "local n\n"
            + "if add > 0 then\n"
            + "  n = redis.call('INCRBY', KEYS[1], add)\n"
            + "  if n == add then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\n"
            + "else\n"
            + "  n = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
            + "end\n"
            + "local last = tonumber(redis.call('GET', KEYS[2]) or '0')\n"
            + "if (n + 1) * 60000 + last * (60000 - tonumber(ARGV[2])) > tonumber(ARGV[3]) * 60000 then return {0, n, last} end\n"
            + "n = redis.call('INCR', KEYS[1])\n"
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\n"
            + "return {1, n, last}\n";

    /**
     * KEYS: per client this minute's and the last minute's counter (one bucket); ARGV[1] expiry (ms),
     * then per client the admissions to add to each. Returns per client both counts after the adds.
     */
    static final String SYNC_SCRIPT = ""
            + "local out = {}\n"
            + "for i = 1, #KEYS, 2 do\n"
            + "  for j = 0, 1 do\n"
            + "    local add = tonumber(ARGV[i + j + 1])\n"
            + "    local n\n"
            + "    if add > 0 then\n"
            + "      n = redis.call('INCRBY', KEYS[i + j], add)\n"
            + "      if n == add then redis.call('PEXPIRE', KEYS[i + j], ARGV[1]) end\n"
            + "    else\n"
            + "      n = tonumber(redis.call('GET', KEYS[i + j]) or '0')\n"
            + "    end\n"
            + "    out[#out + 1] = n\n"
            + "  end\n"
            + "end\n"
            + "return out\n";

    private static final LuaScript LIMIT = new LuaScript(TAKE);
    private static final LuaScript MERGE = new LuaScript(SYNC_SCRIPT);
    private static final long MINUTE_MS = SlidingMinute.MINUTE_MS;
    private static final String EXPIRY_MS = SlidingMinute.EXPIRY_MS;

    private final RedisTier redis;
    private final String bucket;
    private final Origins origins;
    private final int perMinute;
    private final int allowance;
    private final String perMinuteArg;
    private final Clock clock;
    private final Cache<String, Counts> clients = LocalCaches.builder()
            .expireAfterAccess(Duration.ofMinutes(3)).maximumSize(MAX_DIRTY).build();
    /** Clients with admissions not yet added to Redis (held here even if the cache lets them go). */
    private final ConcurrentHashMap<String, Counts> dirty = new ConcurrentHashMap<>();
    /** Clients held for the next sync at most: as many as the client cache, so a Redis outage bounds the memory. */
    static final int MAX_DIRTY = 200_000;
    private volatile boolean syncing;
    private long timer = -1;

    public RateLimiter(RedisTier redis, Origins origins, int perMinute, Clock clock) {
        this(redis, "", origins, perMinute, clock);
    }

    /**
     * A limit of its own, counted apart from the others: {@code bucket} (e.g. "report") names its
     * counters, so a route with a stricter limit does not use up, nor is used up by, the general one.
     */
    public RateLimiter(RedisTier redis, String bucket, Origins origins, int perMinute, Clock clock) {
        this.redis = redis;
        this.bucket = bucket.isEmpty() ? "" : bucket + ":";
        this.origins = origins;
        this.perMinute = perMinute;
        this.allowance = allowance(perMinute);
        this.perMinuteArg = Integer.toString(perMinute);
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        if (perMinute > 0) {
            timer = vertx.setPeriodic(SYNC.toMillis(), t -> {
                if (!syncing) {
                    sync();
                }
            });
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return syncing ? Future.succeededFuture() : sync();
    }

    /** Admits the request, or fails it with RATE_LIMITED and the seconds until one is admitted again. */
    public void handle(RoutingContext ctx) {
        if (perMinute <= 0) {
            ctx.next();
            return;
        }
        Future<Long> wait = take(HexFormat.of().formatHex(origins.clientHash(ctx), 0, 8));
        if (wait.succeeded()) {   // decided here (most requests): no continuation to schedule
            admit(ctx, wait.result());
        } else {
            wait.onComplete(ar -> admit(ctx, ar.result()));
        }
    }

    private static void admit(RoutingContext ctx, long wait) {
        if (wait > 0) {
            ctx.fail(new ApiError(ErrorCode.RATE_LIMITED, Long.toString(wait)));
        } else {
            ctx.next();
        }
    }

    /**
     * Admits and counts one request of {@code client}: 0 when admitted, else the whole seconds (at
     * least 1) until a request would be admitted if the client sends nothing meanwhile. Never fails.
     */
    Future<Long> take(String client) {
        long now = clock.millis();
        long minute = now / MINUTE_MS;
        long elapsed = now % MINUTE_MS;
        Counts c = clients.get(client, k -> new Counts(client, minute));
        int add;
        synchronized (c) {
            if (c.roll(minute)) {
                markDirty(client, c);   // the next sync brings every instance's counts of this minute and the last
            }
            long n = c.known();
            if (!admits(n, c.last, elapsed, perMinute)) {
                return Future.succeededFuture(retryAfterSeconds(n, c.last, elapsed, perMinute));
            }
            if (c.pending < allowance && admits(n + allowance, c.last, elapsed, perMinute)) {
                c.pending++;
                markDirty(client, c);
                return Future.succeededFuture(0L);
            }
            add = c.pending;   // Redis decides, with this instance's unsent admissions added first
            c.pending = 0;
            c.sending += add;
        }
        String key = key(client, minute);
        String lastKey = key(client, minute - 1);
        return LIMIT.run(redis, "rate limit", List.of(key, lastKey), EXPIRY_MS, Long.toString(elapsed), perMinuteArg,
                        Integer.toString(add))
                .map(r -> {
                    boolean admitted = r.get(0).toInteger() == 1;
                    long n = r.get(1).toLong();
                    long last = r.get(2).toLong();
                    synchronized (c) {
                        c.answered(minute, add, n, last);
                    }
                    return admitted ? 0L : retryAfterSeconds(n, last, elapsed, perMinute);
                })
                .otherwise(e -> {
                    long wait;
                    synchronized (c) {   // Redis unreachable: this instance's own count decides
                        c.unsent(minute, add);
                        c.roll(minute);
                        long n = c.known();
                        wait = admits(n, c.last, elapsed, perMinute) ? 0 : retryAfterSeconds(n, c.last, elapsed, perMinute);
                        if (wait == 0) {
                            c.pending++;
                        }
                    }
                    if (wait == 0 || add > 0) {
                        markDirty(client, c);
                    }
                    return wait;
                });
    }

    /**
     * Holds a client's counts for the next sync. Past {@link #MAX_DIRTY} clients (Redis down while
     * many clients arrive) a new one is not held: its admissions stay counted here and go to Redis
     * with its next request after the backlog has drained.
     */
    private void markDirty(String client, Counts c) {
        if (dirty.size() < MAX_DIRTY || dirty.containsKey(client)) {
            dirty.put(client, c);
        }
    }

    /**
     * Adds every client's unsent admissions to Redis, one call per key bucket, and takes back the
     * counts of all instances. Admissions Redis did not take are sent with the next sync.
     */
    Future<Void> sync() {
        if (dirty.isEmpty()) {
            return Future.succeededFuture();
        }
        long minute = clock.millis() / MINUTE_MS;
        Map<Integer, List<Counts>> byBucket = new HashMap<>();
        for (Counts c : dirty.values()) {
            dirty.remove(c.client, c);
            byBucket.computeIfAbsent(bucketOf(c.client), b -> new ArrayList<>()).add(c);
        }
        List<Future<Void>> calls = new ArrayList<>();
        for (List<Counts> cs : byBucket.values()) {
            for (int from = 0; from < cs.size(); from += MAX_CLIENTS_PER_CALL) {
                calls.add(sync(cs.subList(from, Math.min(cs.size(), from + MAX_CLIENTS_PER_CALL)), minute));
            }
        }
        syncing = true;
        return Future.join(calls).<Void>mapEmpty().otherwiseEmpty().onComplete(x -> syncing = false);
    }

    private Future<Void> sync(List<Counts> cs, long minute) {
        List<String> keys = new ArrayList<>(cs.size() * 2);
        List<String> args = new ArrayList<>(1 + cs.size() * 2);
        int[] adds = new int[cs.size()];
        int[] lates = new int[cs.size()];
        args.add(EXPIRY_MS);
        for (int i = 0; i < cs.size(); i++) {
            Counts c = cs.get(i);
            synchronized (c) {
                c.roll(minute);
                adds[i] = c.pending;
                lates[i] = c.late;
                c.sending += c.pending;
                c.pending = 0;
                c.late = 0;
            }
            keys.add(key(c.client, minute));
            keys.add(key(c.client, minute - 1));
            args.add(Integer.toString(adds[i]));
            args.add(Integer.toString(lates[i]));
        }
        return MERGE.run(redis, "rate limit sync", keys, args.toArray(String[]::new)).map(r -> {
            for (int i = 0; i < cs.size(); i++) {
                Counts c = cs.get(i);
                synchronized (c) {
                    c.answered(minute, adds[i], r.get(2 * i).toLong(), r.get(2 * i + 1).toLong());
                }
            }
            return (Void) null;
        }).onFailure(e -> {
            for (int i = 0; i < cs.size(); i++) {
                Counts c = cs.get(i);
                synchronized (c) {
                    c.unsent(minute, adds[i]);
                    if (c.minute == minute) {
                        c.late += lates[i];
                    }
                }
                markDirty(c.client, c);
            }
        });
    }

    /** The local allowance for a limit: requests admitted here before Redis is told or asked. */
    static int allowance(int perMinute) {
        return Math.max(1, perMinute / LOCAL_SHARE);
    }

    /** What this instance knows of a client (tests read it). */
    Counts counts(String client) {
        return clients.getIfPresent(client);
    }

    /** The Redis key of a client's count for a clock minute (tests read it). */
    String keyOf(String client, long minute) {
        return key(client, minute);
    }

    private String key(String client, long minute) {
        return redis.key("rl:" + bucket + "{" + bucketOf(client) + "}:" + client + ":" + minute);
    }

    private static int bucketOf(String client) {
        return Math.floorMod(client.hashCode(), BUCKETS);
    }

    /** {@link SlidingMinute#admits}. */
    static boolean admits(long n, long last, long elapsedMs, int limit) {
        return SlidingMinute.admits(n, last, elapsedMs, limit);
    }

    /** {@link SlidingMinute#retryAfterSeconds}. */
    static long retryAfterSeconds(long n, long last, long elapsedMs, int limit) {
        return SlidingMinute.retryAfterSeconds(n, last, elapsedMs, limit);
    }

    /**
     * One client's counts as this instance knows them, for one clock minute: Redis's count as last
     * heard ({@code shared}, which includes what this instance sent), admissions handed to a call in
     * flight ({@code sending}) and those not yet sent ({@code pending}); the last minute's count
     * ({@code last}) and the last minute's admissions not yet sent ({@code late}). Guarded by itself.
     */
    static final class Counts {
        final String client;
        long minute;
        long shared;
        int sending;
        int pending;
        long last;
        int late;
        Counts(String client, long minute) {
            this.client = client;
            this.minute = minute;
        }

        long known() {
            return shared + sending + pending;
        }

        /** Moves on to {@code now}: this minute's count becomes the last one (or nothing after a gap); true if it moved. */
        boolean roll(long now) {
            if (now <= minute) {
                return false;
            }
            if (now == minute + 1) {
                last = known();
                late += pending;
            } else {
                last = 0;
                late = 0;
            }
            minute = now;
            shared = 0;
            sending = 0;
            pending = 0;
            return true;
        }

        /** Redis's counts for minute {@code of} and the one before, after adding {@code sent} of this instance's. */
        void answered(long of, int sent, long n, long lastN) {
            if (minute == of) {
                sending = Math.max(0, sending - sent);
                shared = Math.max(shared, n);
                last = Math.max(last, lastN);
            } else if (minute == of + 1) {
                last = Math.max(last, n);
            }
        }

        /** {@code sent} admissions of minute {@code of} did not reach Redis: they are sent again. */
        void unsent(long of, int sent) {
            if (minute == of) {
                sending = Math.max(0, sending - sent);
                pending += sent;
            } else if (minute == of + 1) {
                late += sent;
            }
        }
    }
}
