package org.markauth.ops.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchResultTest {

    @Test
    void printsTheHarnessContractLine() {
        assertThat(new BenchResult("cassandra.insert", 11000, 12500, "ops/s").line())
                .isEqualTo("RESULT cassandra.insert value=11000 baseline=12500 ratio=0.880 unit=ops/s");
        assertThat(new BenchResult("verify.warm.p99", 3.25, 20, "ms").line())
                .isEqualTo("RESULT verify.warm.p99 value=3.25 baseline=20 ratio=0.163 unit=ms");
    }

    @Test
    void aCostsRatioIsBaselineOverValueSoHigherIsAlwaysBetter() {
        assertThat(BenchResult.cost("verify.warm.cpu", 184, 15.6, "us/req").line())
                .isEqualTo("RESULT verify.warm.cpu value=184 baseline=15.60 ratio=0.085 unit=us/req");
        assertThat(BenchResult.cost("verify.heap", Double.NaN, 256, "MiB").ratio()).isZero();
    }

    @Test
    void rejectsIdsAndUnitsThatWouldBreakTheLine() {
        assertThatThrownBy(() -> new BenchResult("Verify Warm", 1, 1, "ops/s")).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new BenchResult("verify.warm", 1, 1, "ops per s")).hasMessageContaining("one word");
    }

    @Test
    void asyncLoadCountsEveryCompletedOperationOnce() throws InterruptedException {
        AsyncLoad.Outcome o = new AsyncLoad(4).run(Duration.ZERO, Duration.ofMillis(200), i -> CompletableFuture.completedFuture(i));
        assertThat(o.completed()).isPositive();
        assertThat(o.failed()).isZero();
        assertThat(o.latencyMicros().getTotalCount()).isEqualTo(o.completed());
    }
}
