package org.markauth.verify.scan;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.markauth.verify.cache.LuaScript;
import org.markauth.verify.cache.RedisTier;

/**
 * Per-code scan counters in Redis, shared by all instances (the clone rules' memory): one hash per
 * code with the count and the first and last scan (time, geocell, region). One script call both
 * reads the previous values and records this scan, atomically, so two instances scanning the same
 * code at once each see the other's scan. Kept {@code ttl} after the last scan.
 */
public final class ScanCounters {

    // KEYS[1] hash; ARGV: at-millis, cell, region, ttl-seconds. Returns the values before this scan.
    static final String SCRIPT = ""
            + "local old = redis.call('HMGET', KEYS[1], 'n', 'fa', 'fp', 'la', 'lc', 'lr')\n"
            + "redis.call('HINCRBY', KEYS[1], 'n', 1)\n"
            + "local place = ARGV[2] ~= '' and ARGV[2] or ARGV[3]\n"
            + "if not old[1] then redis.call('HSET', KEYS[1], 'fa', ARGV[1], 'fp', place) end\n"
            + "redis.call('HSET', KEYS[1], 'la', ARGV[1], 'lc', ARGV[2], 'lr', ARGV[3])\n"
            + "redis.call('EXPIRE', KEYS[1], ARGV[4])\n"
            + "return old\n";

    private static final LuaScript SCRIPT_SHA = new LuaScript(SCRIPT);

    private final RedisTier redis;
    private final String ttlSeconds;

    public ScanCounters(RedisTier redis, Duration ttl) {
        this.redis = redis;
        this.ttlSeconds = Long.toString(ttl.toSeconds());
    }

    /** Records a scan and returns what was known before it ({@link PriorScans#UNKNOWN} if Redis is down). */
    public Future<PriorScans> record(int batchId, long serial, Instant at, String cell, String region) {
        String key = key(batchId, serial);
        return SCRIPT_SHA.run(redis, "scan counters", key, Long.toString(at.toEpochMilli()), nz(cell), nz(region), ttlSeconds)
                .map(ScanCounters::prior)
                .otherwise(PriorScans.UNKNOWN);
    }

    /** Reads without recording (page summary for a code already recorded, officer view). */
    public Future<PriorScans> read(int batchId, long serial) {
        return redis.call("HMGET scan counters", a -> a.hmget(List.of(key(batchId, serial), "n", "fa", "fp", "la", "lc", "lr")))
                .map(ScanCounters::prior)
                .otherwise(PriorScans.UNKNOWN);
    }

    private String key(int batchId, long serial) {
        return redis.key("scan:" + batchId + ":" + Long.toHexString(serial));
    }

    static PriorScans prior(Response r) {
        if (r == null || r.size() < 6 || r.get(0) == null) {
            return PriorScans.NONE;
        }
        return new PriorScans(true, r.get(0).toLong(), instant(r.get(1)), empty(r.get(2)), instant(r.get(3)),
                empty(r.get(4)), empty(r.get(5)));
    }

    private static Instant instant(Response r) {
        return r == null ? null : Instant.ofEpochMilli(r.toLong());
    }

    private static String empty(Response r) {
        return r == null || r.toString().isEmpty() ? null : r.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
