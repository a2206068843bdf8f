package org.markauth.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which failures are retried, and how long each retry waits (recorded, not slept). */
class RetryPolicyTest {

    static final Transport.Request GET = Transport.Request.get(URI.create("https://verify.example/api/v1/verify?code=x"),
            Map.of(), Duration.ofSeconds(3));
    static final Transport.Response OK = new Transport.Response(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));

    final List<Duration> waits = new ArrayList<>();
    int calls;

    /** Answers in the given order; an IOException in the list is thrown instead of answering. */
    Transport scripted(Object... answers) {
        Deque<Object> queue = new ArrayDeque<>(List.of(answers));
        return r -> {
            calls++;
            Object next = queue.removeFirst();
            if (next instanceof IOException e) {
                throw e;
            }
            return (Transport.Response) next;
        };
    }

    static Transport.Response limited(String retryAfter) {
        return new Transport.Response(429, "application/json", new byte[0], retryAfter);
    }

    Transport.Response send(RetryPolicy policy, Transport t) throws IOException {
        return policy.send(t, GET, waits::add);
    }

    @Test
    void serverErrorsAndIoFailuresAreRetriedWithExponentialBackoff() throws IOException {
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(200));
        assertThat(send(p, scripted(new Transport.Response(503, "", null), new IOException("reset"), OK))).isSameAs(OK);
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void aClientErrorIsNotRetried() throws IOException {
        Transport.Response notFound = new Transport.Response(404, "", null);
        assertThat(send(RetryPolicy.defaults(), scripted(notFound))).isSameAs(notFound);
        assertThat(calls).isEqualTo(1);
    }

    @Test
    void aRateLimitedCallWaitsAsLongAsTheServerAsks() throws IOException {
        assertThat(send(RetryPolicy.defaults(), scripted(limited("2"), OK))).isSameAs(OK);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aRetryAfterShorterThanTheBackoffKeepsTheBackoff() throws IOException {
        send(new RetryPolicy(2, Duration.ofSeconds(1)), scripted(limited("0"), OK));
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aRateLimitedCallToldToWaitLongGivesUpAtOnce() throws IOException {
        Transport.Response later = limited("60");
        assertThat(send(RetryPolicy.defaults(), scripted(later, OK))).isSameAs(later);
        assertThat(calls).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aRetryAfterThatIsNotDelaySecondsFallsBackToTheBackoff() throws IOException {
        send(RetryPolicy.defaults(), scripted(limited("Wed, 21 Oct 2026 07:28:00 GMT"), limited("-1"), OK));
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(limited(" 7 ").retryAfterDelay()).hasValue(Duration.ofSeconds(7));
        assertThat(limited("99999999999").retryAfterDelay()).isEmpty();
    }

    @Test
    void theLastIoFailureIsThrownWhenEveryAttemptFails() {
        assertThatThrownBy(() -> send(new RetryPolicy(2, Duration.ZERO),
                scripted(new Transport.Response(500, "", null), new IOException("refused"))))
                .isInstanceOf(IOException.class).hasMessage("refused");
    }
}
