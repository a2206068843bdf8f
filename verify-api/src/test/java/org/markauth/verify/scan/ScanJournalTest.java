package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanJournalTest {

    @TempDir
    Path dir;

    static ScanRecord record(long serial) {
        return new ScanRecord(Uuids.timeBased(), 7, serial, "GENUINE", "ws0e9", "local", new byte[] {1, 2}, "mobile", "zh-CN", "PAGE");
    }

    @Test
    void appendedRecordsSurviveAndReadBackAfterSealing() {
        ScanJournal j = new ScanJournal(dir);
        j.append(List.of(record(1), record(2)));
        j.append(List.of(new ScanRecord(Uuids.timeBased(), null, null, "FORGED", null, null, null, null, null, "API")));
        List<Path> files = j.sealAndList();
        assertThat(files).hasSize(1);
        List<ScanRecord> back = ScanJournal.read(files.get(0));
        assertThat(back).hasSize(3);
        assertThat(back.get(0).serial()).isEqualTo(1L);
        assertThat(back.get(0).ipHash()).containsExactly(1, 2);
        assertThat(back.get(2).batchId()).isNull();
        j.append(List.of(record(3)));
        assertThat(j.sealAndList()).hasSize(2);   // a sealed file is never appended to
    }

    @Test
    void theSharedCountsASummaryNeedsSurviveTheJournal() {
        ScanRecord counted = new ScanRecord(Uuids.timeBased(), 7, 9L, "GENUINE", "ws0e9", "local", null, "mobile", "zh", "PAGE",
                true, true, 42, 5, java.time.Instant.ofEpochMilli(1_700_000_000_123L), "wx4g0");
        ScanRecord back = ScanRecord.fromLine(counted.toLine());
        assertThat(back).usingRecursiveComparison().isEqualTo(counted);
        ScanRecord bare = record(1);
        assertThat(ScanRecord.fromLine(bare.toLine())).usingRecursiveComparison().isEqualTo(bare);
    }

    @Test
    void aTornLastLineIsSkipped() throws Exception {
        ScanJournal j = new ScanJournal(dir);
        j.append(List.of(record(1)));
        Path f = j.sealAndList().get(0);
        Files.writeString(f, "{\"at\":\"broken", StandardOpenOption.APPEND);
        assertThat(ScanJournal.read(f)).hasSize(1);
    }

    @Test
    void bufferRefusesBeyondCapacityAndDrainsInOrder() {
        ScanBuffer b = new ScanBuffer(2);
        assertThat(b.offer(record(1))).isTrue();
        assertThat(b.offer(record(2))).isTrue();
        assertThat(b.offer(record(3))).isFalse();
        assertThat(b.refused()).isEqualTo(1);
        assertThat(b.drain(10)).extracting(e -> e.record().serial()).containsExactly(1L, 2L);
        assertThat(b.depth()).isZero();
    }
}
