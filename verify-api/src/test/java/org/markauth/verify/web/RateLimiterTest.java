package org.markauth.verify.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sliding minute's arithmetic: a refusal's Retry-After is exactly the first whole second that is admitted. */
class RateLimiterTest {

    static final long MINUTE = 60_000;

    /** Whether a request {@code atMs} after the start of this minute is admitted, nothing else counted meanwhile. */
    static boolean admittedAt(long n, long last, long atMs, int limit) {
        if (atMs < MINUTE) {
            return RateLimiter.admits(n, last, atMs, limit);
        }
        if (atMs < 2 * MINUTE) {
            return RateLimiter.admits(0, n, atMs - MINUTE, limit);   // this minute becomes the last
        }
        return RateLimiter.admits(0, 0, atMs % MINUTE, limit);
    }

    @Test
    void retryAfterIsTheFirstWholeSecondThatIsAdmitted() {
        int refusals = 0;
        for (int limit : new int[] {1, 2, 3, 7, 40, 600}) {
            for (long n = 0; n <= limit; n++) {
                for (long last = 0; last <= limit; last += Math.max(1, limit / 40)) {
                    for (long e = 0; e < MINUTE; e += 125) {
                        if (RateLimiter.admits(n, last, e, limit)) {
                            continue;
                        }
                        refusals++;
                        long s = RateLimiter.retryAfterSeconds(n, last, e, limit);
                        String state = "limit " + limit + ", n " + n + ", last " + last + ", at " + e + " ms";
                        assertThat(s).as(state).isBetween(1L, 120L);
                        assertThat(admittedAt(n, last, e + s * 1_000, limit)).as("admitted after %d s: %s", s, state).isTrue();
                        assertThat(admittedAt(n, last, e + (s - 1) * 1_000, limit)).as("refused a second earlier: %s", state).isFalse();
                    }
                }
            }
        }
        assertThat(refusals).isGreaterThan(100_000);
    }

    @Test
    void theRuleIsTheSlidingMinute() {
        assertThat(RateLimiter.admits(39, 0, 0, 40)).isTrue();
        assertThat(RateLimiter.admits(40, 0, 59_999, 40)).isFalse();
        assertThat(RateLimiter.admits(0, 40, 1_000, 40)).as("40 × 59/60 + 1 > 40").isFalse();
        assertThat(RateLimiter.admits(0, 40, 1_500, 40)).as("40 × 58.5/60 + 1 = 40").isTrue();
        assertThat(RateLimiter.admits(19, 40, 30_000, 40)).as("19 + 1 + 20").isTrue();
        assertThat(RateLimiter.admits(20, 40, 30_000, 40)).isFalse();
    }
}
