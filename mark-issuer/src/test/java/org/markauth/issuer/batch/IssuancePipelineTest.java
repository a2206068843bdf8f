package org.markauth.issuer.batch;

import org.markauth.registry.MarkKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.print.CsvWorkOrder;

class IssuancePipelineTest {

    private static class FakeMinter implements Minter {
        final AtomicInteger closed;

        FakeMinter(AtomicInteger closed) {
            this.closed = closed;
        }

        @Override
        public long serial(int seq) {
            return 0x1000L * seq;
        }

        @Override
        public String code(long serial) {
            return "HTTPS://X/M/" + Long.toHexString(serial).toUpperCase();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private final IssuancePipeline pipeline = new IssuancePipeline(null, new IssuancePipeline.Settings(256, 3, 4, 10));

    @Test
    void printsEveryUnitOnceInSequenceOrderAndReportsProgress() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Integer> progress = new ArrayList<>();
        try (CsvWorkOrder csv = new CsvWorkOrder(bytes, CsvWorkOrder.Format.CSV)) {
            pipeline.run(7, 1, 5000, () -> new FakeMinter(closed), false, csv, progress::add);
        }
        String[] lines = bytes.toString(StandardCharsets.US_ASCII).split("\r\n");
        assertThat(lines).hasSize(5001);
        assertThat(lines[0]).isEqualTo("sequence,serial,url");
        assertThat(lines[1]).isEqualTo("1,0000000000001000,HTTPS://X/M/1000");
        assertThat(lines[5000]).startsWith("5000,");
        for (int i = 1; i <= 5000; i++) {
            assertThat(lines[i]).startsWith(i + ",");
        }
        assertThat(progress).isSorted().endsWith(5000).hasSize((5000 + 255) / 256);
        assertThat(closed.get()).isBetween(1, 3);
    }

    @Test
    void resumesFromTheMiddleAndPrintsTxt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWorkOrder txt = new CsvWorkOrder(bytes, CsvWorkOrder.Format.TXT)) {
            pipeline.run(7, 4001, 4003, () -> new FakeMinter(new AtomicInteger()), false, txt, d -> { });
        }
        assertThat(bytes.toString(StandardCharsets.US_ASCII).split("\r\n")).containsExactly(
                "HTTPS://X/M/FA1000", "HTTPS://X/M/FA2000", "HTTPS://X/M/FA3000");
    }

    @Test
    void aFailingMinterStopsTheRunWithItsError() {
        Minter.Factory bad = () -> new FakeMinter(new AtomicInteger()) {
            @Override
            public long serial(int seq) {
                if (seq == 1000) {
                    throw new IllegalStateException("boom at 1000");
                }
                return seq;
            }
        };
        assertThatThrownBy(() -> pipeline.run(7, 1, 5000, bad, false, c -> { }, d -> { }))
                .hasMessageContaining("boom at 1000");
    }

    @Test
    void theBucketIsTheSerialsFirstByte() {
        assertThat(MarkKey.bucket(0xAB00_0000_0000_0001L)).isEqualTo((short) 0xAB);
        assertThat(MarkKey.serialBytes(0x0102030405060708L).get(0)).isEqualTo((byte) 1);
    }
}
