package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's line for a scan, now written by hand, is the JSON object the map-based encoder
 * wrote ({@link #reference}, kept here): segments written before the change replay, and lines
 * written after it read back to the same record.
 */
class ScanRecordLineTest {

    @TempDir
    Path dir;

    static final String AWKWARD = "q\"b\\s/t\tn\nc\u0001 中文 😀";

    static List<ScanRecord> records() {
        List<ScanRecord> out = new ArrayList<>();
        out.add(new ScanRecord(Uuids.timeBased(), 7, 0x1234_5678_9abc_def0L, "GENUINE", "wx4g0", "CN-11", new byte[] {1, 2, 3, -1},
                "mobile", "zh-CN", "API", true, true));
        out.add(new ScanRecord(Uuids.timeBased(), 7, -1L, "CLONE_SUSPECTED", null, "local", null, "desktop", "en", "PAGE", true, false));
        out.add(new ScanRecord(Uuids.timeBased(), null, null, "FORGED", null, null, null, null, null, "BATCH"));
        out.add(new ScanRecord(Uuids.timeBased(), Integer.MAX_VALUE, Long.MIN_VALUE, "MALFORMED", AWKWARD, AWKWARD, new byte[32],
                AWKWARD, AWKWARD, AWKWARD, false, false));
        return out;
    }

    /** The encoder the journal used before (at 10b50fb). */
    static String reference(ScanRecord r) {
        JsonObject j = new JsonObject().put("at", r.at().toString()).put("v", r.verdict()).put("ch", r.channel());
        if (r.batchId() != null) {
            j.put("b", r.batchId()).put("s", r.serial());
        }
        putIf(j, "c", r.cell());
        putIf(j, "r", r.region());
        putIf(j, "d", r.device());
        putIf(j, "l", r.lang());
        if (r.ipHash() != null) {
            j.put("h", Base64.getEncoder().encodeToString(r.ipHash()));
        }
        if (r.counted()) {
            j.put("k", r.newClient() ? 2 : 1);
        }
        return j.encode();
    }

    private static void putIf(JsonObject j, String k, String v) {
        if (v != null) {
            j.put(k, v);
        }
    }

    static void assertSame(ScanRecord actual, ScanRecord expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void theLineIsTheDocumentTheMapBasedEncoderWrote() {
        for (ScanRecord r : records()) {
            assertThat(new JsonObject(r.toLine())).isEqualTo(new JsonObject(reference(r)));
            assertSame(ScanRecord.fromLine(r.toLine()), r);
        }
    }

    @Test
    void aSegmentWrittenBeforeTheChangeAndOneWrittenAfterBothReplay() throws Exception {
        List<ScanRecord> recs = records();
        StringBuilder old = new StringBuilder();
        StringBuilder now = new StringBuilder();
        for (ScanRecord r : recs) {
            old.append(reference(r)).append('\n');
            r.appendLine(now);
            now.append('\n');
        }
        Path before = Files.writeString(dir.resolve("wal-1-1-0.jsonl"), old, StandardCharsets.UTF_8);
        Path after = Files.writeString(dir.resolve("wal-2-1-0.jsonl"), now, StandardCharsets.UTF_8);
        for (Path p : List.of(before, after)) {
            List<ScanRecord> read = ScanJournal.read(p);
            assertThat(read).hasSize(recs.size());
            for (int i = 0; i < recs.size(); i++) {
                assertSame(read.get(i), recs.get(i));
            }
        }
    }
}
