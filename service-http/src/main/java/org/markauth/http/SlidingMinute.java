package org.markauth.http;

/**
 * The rate limit both services count with: requests per sliding minute, as this clock minute's
 * count plus the last minute's weighted by the share of it still inside the last 60 seconds (the
 * usual two-counter approximation of a sliding log: unlike a fixed window, a client cannot send the
 * limit at the end of one minute and again at the start of the next). Only admitted requests are
 * counted. {@link #SCRIPT} is the Redis side (one call per request, shared by instances); {@link #admits}
 * is the same rule in Java for counting locally while Redis is down; {@link #retryAfterSeconds} is
 * what a refusal's Retry-After says. verify-api limits per client address, mark-issuer per API key.
 */
public final class SlidingMinute {

    /**
     * KEYS[1] this minute's counter, KEYS[2] the last minute's; ARGV[1] expiry (ms) of a new counter,
     * ARGV[2] milliseconds elapsed in this minute, ARGV[3] the limit. Counts the request only if it is
     * admitted (the rule of {@link #admits}, in whole numbers so both sides decide alike). Returns
     * {1 admitted or 0 refused, this minute's count, the last minute's count}.
     */
    public static final String SCRIPT = "local n = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
            + "local last = tonumber(redis.call('GET', KEYS[2]) or '0')\n"
            + "if (n + 1) * 60000 + last * (60000 - tonumber(ARGV[2])) > tonumber(ARGV[3]) * 60000 then return {0, n, last} end\n"
            + "n = redis.call('INCR', KEYS[1])\n"
            + "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\n"
            + "return {1, n, last}\n";

    public static final long MINUTE_MS = 60_000;
    /** A counter is read as "the last minute" during the next one: keep it two minutes and a second. */
    public static final String EXPIRY_MS = Long.toString(2 * MINUTE_MS + 1_000);

    private SlidingMinute() {
    }

    /**
     * Whether one more request fits: {@code n + 1 + last × (60 s − elapsed) / 60 s ≤ limit}, in whole
     * numbers (the same rule as the script).
     */
    public static boolean admits(long n, long last, long elapsedMs, int limit) {
        return (n + 1) * MINUTE_MS + last * (MINUTE_MS - elapsedMs) <= limit * MINUTE_MS;
    }

    /**
     * Whole seconds (at least 1) until {@link #admits} holds, no further request being counted:
     * later in this minute when this minute's own count leaves room, else some way into the next,
     * where this minute's count becomes "last". The least number of seconds that is enough.
     */
    public static long retryAfterSeconds(long n, long last, long elapsedMs, int limit) {
        long waitMs;
        if (n + 1 <= limit && last > 0) {
            // last × (60 s − t) ≤ (limit − n − 1) × 60 s
            waitMs = ceilDiv(MINUTE_MS * (last - (limit - n - 1)), last) - elapsedMs;
        } else {
            // next minute at t: 1 + n × (60 s − t) / 60 s ≤ limit
            waitMs = (MINUTE_MS - elapsedMs) + ceilDiv(MINUTE_MS * Math.max(0, n - limit + 1), Math.max(1, n));
        }
        return Math.max(1, ceilDiv(waitMs, 1_000));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
