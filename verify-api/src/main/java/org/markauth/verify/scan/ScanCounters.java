package org.markauth.verify.scan;

import com.github.benmanes.caffeine.cache.Cache;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.verify.cache.LocalCaches;
import org.markauth.verify.cache.LuaScript;
import org.markauth.verify.cache.RedisTier;

/**
 * Per-code scan counters in Redis, shared by all instances (the clone rules' memory): one hash per
 * code with the count and the first and last scan (time, geocell, region), kept {@code ttl} after
 * the last scan.
 *
 * <p>The first scan of a code on this instance (or the first after its local copy went stale) is a
 * script call that atomically reads what all instances recorded and adds this scan, so two
 * instances scanning one code at once see each other. The answer is kept here for {@code fresh}:
 * further scans of that code within that time are answered from it plus this instance's own scans
 * since, with no Redis round trip on the response path, and are added to Redis every {@code sync}
 * by one script call per key bucket (which also brings back the other instances' scans, keeping a
 * popular code's copy fresh). So a popular code costs Redis a few calls per second instead of one
 * per scan; scans on another instance reach this one's rules within {@code fresh}.
 *
 * <p>Keys carry a hash tag of one of {@value #BUCKETS} buckets so a bucket's keys share a Redis
 * Cluster slot and one script call can update them all. Redis down: a miss answers
 * {@link PriorScans#UNKNOWN} (rules abstain), local scans wait and are added when it is back.
 *
 * <p>Independent evidence: beside the scan count each code keeps the number of distinct clients
 * (keyed client hashes, {@link ClientHasher}) in a HyperLogLog next to its hash; the clone rules
 * count clients, so one client scanning a code a hundred times is one client. The client hash
 * rotates daily, so the same client counts again on another UTC day.
 *
 * <p>Durability: Redis is a cache of the counts. The {@link ScanWriter} carries the counts to the
 * code's summary row in Cassandra ({@code scan_summaries}, by exception: a lower bound that lags by
 * at most the summary interval); when Redis has no hash for a code (a new code, or one Redis lost),
 * one read of {@link ScanHistory} brings the durable counts back into Redis, once.
 *
 * <p>A unit that provably has no scans anywhere skips that read (most cold verifications are the
 * first scan of a new unit). The proof: each key bucket keeps a <em>completeness mark</em>
 * ({@code scan:{b}:complete}: since when this Redis has held every counter hash of the bucket), set
 * from Redis's own clock and reset, inside the same script that finds a hash missing, whenever Redis
 * may have lost hashes since: a restart, a restore from persistence or a failover (another
 * {@code run_id}), an eviction ({@code evicted_keys} moved), a flush (the mark is gone with the rest)
 * or another counter TTL. A missing hash of a unit whose batch was created after the mark (plus
 * {@value #ISSUE_CLOCK_SKEW_MS} ms for the issuer's clock) and less than the TTL ago therefore means
 * no scan of it was ever counted. What this cannot see is a counter hash deleted by hand: delete the
 * bucket's mark with it (docs/verify-api.md).
 */
public final class ScanCounters extends VerticleBase {

    static final int BUCKETS = 64;
    private static final int MAX_KEYS_PER_CALL = 256;

    // The bucket's completeness mark (KEYS[1] of its own script, KEYS[3] of SCRIPT): the time (ms, Redis's
    // clock) since which this Redis holds every counter hash of the bucket. Kept while Redis's run_id, its
    // evicted_keys and the counter TTL are those it was set under; otherwise set to now.
    static final String COMPLETE_SINCE = ""
            + "local function complete_since(key, ttl)\n"
            // pcall: a Redis that refuses INFO to scripts (renamed or disabled by a provider) proves nothing, it does not fail the scan.
            // One INFO with both sections (Redis 7); a Redis 6 refuses two sections and is asked twice.
            + "  local srv = redis.pcall('INFO', 'server', 'stats')\n"
            + "  local st = srv\n"
            + "  if type(srv) ~= 'string' then srv, st = redis.pcall('INFO', 'server'), redis.pcall('INFO', 'stats') end\n"
            + "  local run = type(srv) == 'string' and string.match(srv, 'run_id:(%w+)')\n"
            + "  local ev = type(st) == 'string' and string.match(st, 'evicted_keys:(%d+)')\n"
            + "  local t = redis.call('TIME')\n"
            + "  local now = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))\n"
            + "  if not run or not ev then return now end\n"   // a Redis that does not say: nothing is proven
            + "  local v = redis.call('HMGET', key, 'since', 'run', 'ev', 'ttl')\n"
            + "  if v[1] and v[2] == run and v[3] == ev and v[4] == ttl then return v[1] end\n"
            + "  redis.call('HSET', key, 'since', now, 'run', run, 'ev', ev, 'ttl', ttl)\n"
            + "  return now\n"
            + "end\n";

    // A code's keys are kept at least the counter TTL after its last scan without renewing their expiry at every
    // scan (two EXPIREs were 40% of Redis's commands per warm verification, docs/performance.md): the hash's 'x'
    // field is when (Redis's clock, s, one TIME per call) they were last renewed, to TTL + R; they are renewed again once R has run
    // (R = ARGV "renew", min(TTL / 100, 1 day)), so a scan at any time leaves at least TTL. A new client
    // HyperLogLog (PFADD said 1: it may just have been created) gets its expiry at once.
    static final String RENEW = ""
            + "local function renew(key, hll, x, ttl, renew, force_hll, now)\n"
            + "  if x and now - tonumber(x) < tonumber(renew) then\n"
            + "    if force_hll then redis.call('EXPIRE', hll, tonumber(ttl) + tonumber(renew)) end\n"
            + "    return\n"
            + "  end\n"
            + "  redis.call('HSET', key, 'x', now)\n"
            + "  redis.call('EXPIRE', key, tonumber(ttl) + tonumber(renew))\n"
            + "  redis.call('EXPIRE', hll, tonumber(ttl) + tonumber(renew))\n"
            + "end\n";

    // KEYS[1] hash, KEYS[2] the code's client HyperLogLog, KEYS[3] the bucket's completeness mark; ARGV:
    // at-millis, cell, region, ttl-seconds, client, renew-seconds. Returns the values before this scan (n, fa,
    // fp, la, lc, lr, d), 1 if the client is new, and when the hash was missing the completeness mark's time.
    static final String SCRIPT = COMPLETE_SINCE + RENEW
            + "local old = redis.call('HMGET', KEYS[1], 'n', 'fa', 'fp', 'la', 'lc', 'lr', 'd', 'x')\n"
            + "local x = old[8]\n"
            + "if not old[1] then old[9] = complete_since(KEYS[3], ARGV[4]) end\n"
            + "redis.call('HINCRBY', KEYS[1], 'n', 1)\n"
            + "local new = redis.call('PFADD', KEYS[2], ARGV[5])\n"
            + "redis.call('HINCRBY', KEYS[1], 'd', new)\n"
            + "local place = ARGV[2] ~= '' and ARGV[2] or ARGV[3]\n"
            + "if not old[1] then redis.call('HSET', KEYS[1], 'fa', ARGV[1], 'fp', place) end\n"
            + "redis.call('HSET', KEYS[1], 'la', ARGV[1], 'lc', ARGV[2], 'lr', ARGV[3])\n"
            + "renew(KEYS[1], KEYS[2], x, ARGV[4], ARGV[6], new == 1, tonumber(redis.call('TIME')[1]))\n"
            + "old[8] = new\n"
            + "return old\n";

    // KEYS: per code its hash and its client HyperLogLog, of one bucket; ARGV[1] ttl-seconds, ARGV[2]
    // renew-seconds (RENEW), then per code: count, first-at, first-place, last-at, last-cell, last-region,
    // clients (comma-separated).
    // A client is counted when PFADD says it is new. Returns the values after the merge, seven per code.
    // One read and one write of the hash per code (a script runs alone, so read-then-write is atomic):
    // this runs for every code scanned in the sync period, the bulk of Redis's work per scan.
    static final String MERGE = RENEW
            + "local out = {}\n"
            + "local now = tonumber(redis.call('TIME')[1])\n"
            + "for i = 1, #KEYS, 2 do\n"
            + "  local key, hll = KEYS[i], KEYS[i + 1]\n"
            + "  local b = ((i - 1) / 2) * 7 + 2\n"
            + "  local v = redis.call('HMGET', key, 'n', 'fa', 'fp', 'la', 'lc', 'lr', 'd', 'x')\n"
            + "  local added = 0\n"
            + "  v[1] = string.format('%d', (tonumber(v[1]) or 0) + tonumber(ARGV[b + 1]))\n"
            + "  local set = {'n', v[1]}\n"
            + "  if ARGV[b + 7] ~= '' then\n"
            + "    local d = tonumber(v[7]) or 0\n"
            + "    for c in string.gmatch(ARGV[b + 7], '[^,]+') do\n"
            + "      added = added + redis.call('PFADD', hll, c)\n"
            + "    end\n"
            + "    d = d + added\n"
            + "    v[7] = string.format('%d', d)\n"
            + "    set[#set + 1] = 'd'; set[#set + 1] = v[7]\n"
            + "  end\n"
            + "  if not v[2] then\n"
            + "    v[2], v[3] = ARGV[b + 2], ARGV[b + 3]\n"
            + "    set[#set + 1] = 'fa'; set[#set + 1] = v[2]; set[#set + 1] = 'fp'; set[#set + 1] = v[3]\n"
            + "  end\n"
            + "  if not v[4] or tonumber(v[4]) <= tonumber(ARGV[b + 4]) then\n"
            + "    v[4], v[5], v[6] = ARGV[b + 4], ARGV[b + 5], ARGV[b + 6]\n"
            + "    set[#set + 1] = 'la'; set[#set + 1] = v[4]; set[#set + 1] = 'lc'; set[#set + 1] = v[5]\n"
            + "    set[#set + 1] = 'lr'; set[#set + 1] = v[6]\n"
            + "  end\n"
            + "  redis.call('HSET', key, unpack(set))\n"
            + "  renew(key, hll, v[8], ARGV[1], ARGV[2], added > 0, now)\n"
            + "  for j = 1, 7 do out[#out + 1] = v[j] or false end\n"
            + "end\n"
            + "return out\n";

    // KEYS[1] hash; ARGV: count, clients, first-at, first-place, last-at, last-cell, last-region, ttl.
    // Adds the durable counts (ScanHistory) to a hash Redis had lost, once: the 'r' field marks it done.
    static final String RESTORE = ""
            + "if redis.call('HSETNX', KEYS[1], 'r', '1') == 0 then return 0 end\n"
            + "redis.call('HINCRBY', KEYS[1], 'n', ARGV[1])\n"
            + "redis.call('HINCRBY', KEYS[1], 'd', ARGV[2])\n"
            + "local fa = redis.call('HGET', KEYS[1], 'fa')\n"
            + "if ARGV[3] ~= '' and (not fa or tonumber(ARGV[3]) < tonumber(fa)) then\n"
            + "  redis.call('HSET', KEYS[1], 'fa', ARGV[3], 'fp', ARGV[4])\n"
            + "end\n"
            + "local la = redis.call('HGET', KEYS[1], 'la')\n"
            + "if ARGV[5] ~= '' and (not la or tonumber(la) < tonumber(ARGV[5])) then\n"
            + "  redis.call('HSET', KEYS[1], 'la', ARGV[5], 'lc', ARGV[6], 'lr', ARGV[7])\n"
            + "end\n"
            + "redis.call('EXPIRE', KEYS[1], ARGV[8])\n"
            + "return 1\n";

    static final String MARK = COMPLETE_SINCE + "return complete_since(KEYS[1], ARGV[1])\n";

    private static final LuaScript RECORD = new LuaScript(SCRIPT);
    private static final LuaScript MARK_SCRIPT = new LuaScript(MARK);
    private static final LuaScript MERGE_SCRIPT = new LuaScript(MERGE);
    private static final LuaScript RESTORE_SCRIPT = new LuaScript(RESTORE);
    /** Suffix of a code's client HyperLogLog key (same hash tag, so the same Redis Cluster slot). */
    static final String CLIENTS = ":c";
    /** Suffix of a bucket's completeness mark, after its hash tag. */
    static final String COMPLETE = ":complete";
    /** How far the issuer's clock (a batch's created_at) may be ahead of Redis's. */
    static final long ISSUE_CLOCK_SKEW_MS = 10_000;

    private final RedisTier redis;
    private final ScanHistory history;
    private final String ttlSeconds;
    private final String renewSeconds;
    private final long ttlMillis;
    private final LongAdder historyReadsSkipped = new LongAdder();
    private final Duration sync;
    private final long freshMillis;
    private final Clock clock;
    private final Cache<String, CodeScans> local;
    private final ConcurrentHashMap<String, CodeScans> dirty = new ConcurrentHashMap<>();
    private boolean syncing;
    private volatile boolean stopped;
    private long timer = -1;

    /** Counters without a durable history: what Redis loses is lost (tests of the Redis side). */
    public ScanCounters(RedisTier redis, Duration ttl, Duration sync, Duration fresh, long localMax, Clock clock) {
        this(redis, ScanHistory.NONE, ttl, sync, fresh, localMax, clock);
    }

    /**
     * @param history  the durable counts in Cassandra, read when Redis has no counters for a code
     * @param localMax how many codes' counters to hold in memory
     * @param sync     how often this instance's scans are added to Redis
     * @param fresh    how long a code's shared counters are used without asking Redis again
     */
    public ScanCounters(RedisTier redis, ScanHistory history, Duration ttl, Duration sync, Duration fresh, long localMax,
                        Clock clock) {
        this.redis = redis;
        this.history = history;
        this.ttlSeconds = Long.toString(ttl.toSeconds());
        this.renewSeconds = Long.toString(renewal(ttl).toSeconds());
        this.ttlMillis = ttl.toMillis();
        this.sync = sync;
        this.freshMillis = fresh.toMillis();
        this.clock = clock;
        this.local = LocalCaches.builder().maximumSize(localMax).build();
    }

    /**
     * How long a code's keys go without their expiry renewed: {@code min(ttl / 100, 1 day)}, at least a second.
     * They are renewed to {@code ttl} plus this, so every scan leaves them at least {@code ttl} (see RENEW).
     */
    static Duration renewal(Duration ttl) {
        return Duration.ofSeconds(Math.max(1, Math.min(ttl.toSeconds() / 100, Duration.ofDays(1).toSeconds())));
    }

    @Override
    public Future<?> start() {
        // set the buckets' completeness marks now (kept if still valid), so that batches issued from now
        // on skip the history read at their first scans; one call at a time, in the background, best
        // effort: a mark missing at a first scan is set by that scan's script
        markBuckets(0);
        timer = vertx.setPeriodic(sync.toMillis(), t -> {
            if (!syncing) {   // one sync at a time: a code's scans are in at most one call
                flush();
            }
        });
        return Future.succeededFuture();
    }

    /** Sets the marks from bucket {@code from} on, one at a time; a failed call is retried a second later. */
    private void markBuckets(int from) {
        if (from < BUCKETS && !stopped) {
            MARK_SCRIPT.run(redis, "scan counters mark", List.of(completeKey(from)), ttlSeconds).onComplete(ar -> {
                if (ar.succeeded()) {
                    markBuckets(from + 1);
                } else if (!stopped) {
                    vertx.setTimer(1_000, t -> markBuckets(from));
                }
            });
        }
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        return syncing ? Future.succeededFuture() : flush();
    }

    /** Records a scan of an unidentified client (it counts as a client of its own). */
    public Future<PriorScans> record(int batchId, long serial, Instant at, String cell, String region) {
        return record(batchId, serial, at, cell, region, null);
    }

    /**
     * Records a scan and returns what was known before it ({@link PriorScans#UNKNOWN} if Redis is down).
     *
     * @param client the client's keyed hash (see {@link ClientHasher}) in hex; null counts as a new client
     */
    public Future<PriorScans> record(int batchId, long serial, Instant at, String cell, String region, String client) {
        return record(batchId, serial, at, cell, region, client, null);
    }

    /**
     * As {@link #record(int, long, Instant, String, String, String)}, for a unit whose batch was created at
     * {@code issuedAt} (null: unknown): a unit Redis has no counters for skips the history read when its
     * batch is younger than the bucket's completeness mark (see the class comment).
     */
    public Future<PriorScans> record(int batchId, long serial, Instant at, String cell, String region, String client,
                                     Instant issuedAt) {
        // a client of its own; not a UUID (SecureRandom per scan), the count only needs it unique
        String who = client != null ? client : "anon-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String key = key(batchId, serial);
        CodeScans held = freshMillis == 0 ? null : local.getIfPresent(key);   // 0: Redis on every scan
        if (held != null) {
            PriorScans prior = held.add(at, cell, region, who, clock.millis() - freshMillis);
            if (prior != null) {
                if (dirty.get(key) != held) {   // no store when it is there already (docs/performance.md, "ninth session")
                    dirty.put(key, held);
                }
                return Future.succeededFuture(prior);
            }
        }
        return RECORD.run(redis, "scan counters", List.of(key, key + CLIENTS, completeKey(key)), Long.toString(at.toEpochMilli()),
                        nz(cell), nz(region), ttlSeconds, who, renewSeconds)
                .compose(r -> r != null && r.size() >= 8 && r.get(0) == null
                        // Redis had nothing: a new code, or counters Redis lost
                        ? neverCounted(r, issuedAt) ? Future.succeededFuture(PriorScans.NONE) : restore(key, batchId, serial)
                        : Future.succeededFuture(prior(r, 0).withRepeat(r != null && r.size() >= 8 && r.get(7).toInteger() == 0)))
                .map(prior -> {
                    if (freshMillis > 0) {
                        local.asMap().merge(key, new CodeScans(after(prior, at, cell, region), clock.millis(), who),
                                CodeScans::adopt);
                    }
                    return prior;
                })
                .otherwise(PriorScans.UNKNOWN);
    }

    /**
     * True when the missing hash proves the unit never had a counted scan: its batch was created after the
     * bucket's completeness mark (with the issuer's clock skew) and less than the counter TTL ago.
     */
    private boolean neverCounted(Response r, Instant issuedAt) {
        if (issuedAt == null || r.size() < 9 || r.get(8) == null) {
            return false;
        }
        long issued = issuedAt.toEpochMilli();
        boolean proven = issued > r.get(8).toLong() + ISSUE_CLOCK_SKEW_MS
                && clock.millis() < issued + ttlMillis - ISSUE_CLOCK_SKEW_MS;
        if (proven) {
            historyReadsSkipped.increment();
        }
        return proven;
    }

    /** First scans whose history read was skipped: units proven never counted (metric). */
    public long historyReadsSkipped() {
        return historyReadsSkipped.sum();
    }

    /**
     * The durable counts of a code Redis had no counters for, added to Redis once (the scan just
     * recorded is already there). A new code costs this one Cassandra read; a code Redis holds, none.
     */
    private Future<PriorScans> restore(String key, int batchId, long serial) {
        return history.load(batchId, serial).compose(h -> {
            if (h.count() == 0) {
                return Future.succeededFuture(PriorScans.NONE);
            }
            return RESTORE_SCRIPT.run(redis, "scan counters restore", key, Long.toString(h.count()),
                    Long.toString(h.clients()), millis(h.firstAt()), nz(h.firstPlace()), millis(h.lastAt()), nz(h.lastCell()),
                    nz(h.lastRegion()), ttlSeconds).map(h);
        });
    }

    /** Adds the scans held here to Redis, one call per bucket, and refreshes the copies with the result. */
    public Future<Void> flush() {
        if (dirty.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<String, List<String>> byBucket = new HashMap<>();
        for (String key : dirty.keySet()) {
            byBucket.computeIfAbsent(bucketOf(key), b -> new ArrayList<>()).add(key);
        }
        List<Future<Void>> calls = new ArrayList<>();
        for (List<String> keys : byBucket.values()) {
            for (int from = 0; from < keys.size(); from += MAX_KEYS_PER_CALL) {
                calls.add(merge(keys.subList(from, Math.min(keys.size(), from + MAX_KEYS_PER_CALL))));
            }
        }
        syncing = true;
        return Future.join(calls).<Void>mapEmpty().otherwiseEmpty().onComplete(x -> syncing = false);
    }

    private Future<Void> merge(List<String> keys) {
        List<String> sent = new ArrayList<>(keys.size());
        List<String> sentKeys = new ArrayList<>(keys.size() * 2);
        List<CodeScans> codes = new ArrayList<>(keys.size());
        List<String> args = new ArrayList<>(1 + keys.size() * 7);
        args.add(ttlSeconds);
        args.add(renewSeconds);
        for (String key : keys) {
            CodeScans c = dirty.remove(key);
            CodeScans.Pending p = c == null ? null : c.take();
            if (p == null) {
                continue;
            }
            sent.add(key);
            sentKeys.add(key);
            sentKeys.add(key + CLIENTS);
            codes.add(c);
            args.addAll(List.of(Long.toString(p.count()), Long.toString(p.firstAt().toEpochMilli()), nz(p.firstPlace()),
                    Long.toString(p.lastAt().toEpochMilli()), nz(p.lastCell()), nz(p.lastRegion()),
                    String.join(",", p.clients())));
        }
        if (sent.isEmpty()) {
            return Future.succeededFuture();
        }
        long now = clock.millis();
        return MERGE_SCRIPT.run(redis, "scan counters sync", sentKeys, args.toArray(String[]::new)).map(r -> {
            for (int i = 0; i < codes.size(); i++) {
                codes.get(i).synced(prior(r, i * 7), now);
            }
            return (Void) null;
        }).onFailure(e -> {
            for (int i = 0; i < codes.size(); i++) {
                codes.get(i).restore();
                dirty.putIfAbsent(sent.get(i), codes.get(i));
            }
        });
    }

    /** The counters as they will be once this scan is added. */
    private static PriorScans after(PriorScans prior, Instant at, String cell, String region) {
        boolean first = prior.count() == 0 || prior.firstAt() == null;
        return new PriorScans(true, prior.count() + 1, first ? at : prior.firstAt(),
                first ? CodeScans.place(cell, region) : prior.firstPlace(), at, cell, region, prior.clientsWithThis(), false);
    }

    /** The place the counters keep for a scan's first place: the position (geocell) when known, else the region. */
    public static String place(String position, String region) {
        return CodeScans.place(position, region);
    }

    String key(int batchId, long serial) {
        int bucket = (int) Math.floorMod(serial ^ (serial >>> 32) ^ batchId, (long) BUCKETS);
        return redis.key("scan:{" + bucket + "}:" + batchId + ":" + Long.toHexString(serial));
    }

    /** The completeness mark of the bucket of {@code key} (a code's counter key). */
    private String completeKey(String key) {
        return redis.key("scan:" + bucketOf(key) + COMPLETE);
    }

    String completeKey(int bucket) {
        return redis.key("scan:{" + bucket + "}" + COMPLETE);
    }

    private static String bucketOf(String key) {
        int open = key.indexOf('{');
        return key.substring(open, key.indexOf('}', open) + 1);
    }

    /** Seven values from offset: n, fa, fp, la, lc, lr, d (d absent in counters written before clients were kept). */
    static PriorScans prior(Response r, int offset) {
        if (r == null || r.size() < offset + 7 || r.get(offset) == null) {
            return PriorScans.NONE;
        }
        long n = r.get(offset).toLong();
        return new PriorScans(true, n, instant(r.get(offset + 1)), empty(r.get(offset + 2)),
                instant(r.get(offset + 3)), empty(r.get(offset + 4)), empty(r.get(offset + 5)),
                r.get(offset + 6) == null ? n : r.get(offset + 6).toLong(), false);
    }

    private static String millis(Instant i) {
        return i == null ? "" : Long.toString(i.toEpochMilli());
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
