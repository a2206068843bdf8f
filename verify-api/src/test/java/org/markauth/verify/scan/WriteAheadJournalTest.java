package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's side of an answer: the record is in the file before the append completes; refusals are not journaled. */
class WriteAheadJournalTest {

    @TempDir
    Path dir;
    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    static ScanRecord record(long serial) {
        return new ScanRecord(Uuids.timeBased(), 7, serial, "GENUINE", null, "local", null, "mobile", "zh", "PAGE");
    }

    String journalText() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                sb.append(Files.readString(p));
            }
        }
        return sb.toString();
    }

    @Test
    void aTurnsRecordsAreInTheFileWhenTheirAppendsComplete_inOneWrite() throws Exception {
        WriteAheadJournal j = new WriteAheadJournal(dir, new ScanBuffer(100), 60_000);
        List<ScanRecord> recs = List.of(record(1), record(2), record(3));
        List<String> seenAtCompletion = new ArrayList<>();
        Future<Void> turn = Future.future(p -> vertx.getOrCreateContext().runOnContext(v -> {
            List<Future<Boolean>> acks = recs.stream().map(j::append).toList();
            if (acks.stream().anyMatch(Future::isComplete)) {   // not answered within the turn that made them
                p.fail("an append completed within the turn that made it");
                return;
            }
            acks.get(0).onSuccess(kept -> {
                try {
                    seenAtCompletion.add(journalText());
                } catch (Exception e) {
                    seenAtCompletion.add("unreadable: " + e);
                }
            });
            Future.all(acks).<Void>mapEmpty().onComplete(p);
        }));
        turn.await();
        assertThat(seenAtCompletion).hasSize(1);
        for (ScanRecord r : recs) {
            assertThat(seenAtCompletion.get(0)).contains(r.at().toString());
        }
        assertThat(j.writes()).isEqualTo(1);
        assertThat(j.appended()).isEqualTo(3);
        j.close();
    }

    @Test
    void aRecordTheBufferRefusesIsNeitherJournaledNorAcknowledged() throws Exception {
        WriteAheadJournal j = new WriteAheadJournal(dir, new ScanBuffer(2), 60_000);
        List<ScanRecord> recs = List.of(record(1), record(2), record(3));
        List<Boolean> kept = Future.<List<Boolean>>future(p -> vertx.getOrCreateContext().runOnContext(v ->
                Future.all(recs.stream().map(j::append).toList()).map(c -> c.<Boolean>list()).onComplete(p))).await();
        assertThat(kept).containsExactly(true, true, false);
        assertThat(journalText()).contains(recs.get(1).at().toString()).doesNotContain(recs.get(2).at().toString());
        j.close();
    }

    @Test
    void offAnEventLoopTheRecordIsWrittenAtOnce() throws Exception {
        WriteAheadJournal j = new WriteAheadJournal(dir, new ScanBuffer(10), 60_000);
        ScanRecord r = record(9);
        assertThat(j.append(r).isComplete()).isTrue();
        assertThat(journalText()).contains(r.at().toString());
        j.close();
    }

    @Test
    void textBeyondAsciiIsWrittenAsUtf8AndReadsBackAsWritten() throws Exception {
        WriteAheadJournal j = new WriteAheadJournal(dir, new ScanBuffer(10), 60_000);
        ScanRecord r = new ScanRecord(Uuids.timeBased(), 7, 9L, "GENUINE", null, "广东 深圳 😀", null, "mobile", "zh", "PAGE");
        assertThat(j.append(r).isComplete()).isTrue();
        String line = journalText().strip();
        assertThat(line).contains("广东 深圳 😀");
        assertThat(ScanRecord.fromLine(line).region()).isEqualTo(r.region());
        j.close();
    }
}
