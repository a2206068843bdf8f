package org.markauth.verify.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.config.ConfigSource;
import org.markauth.registry.MarkKey;
import org.markauth.verify.Fixture;
import org.markauth.verify.app.VerifyConfig;

/**
 * The write-ahead journal against the real Cassandra node: scans journaled by one recorder that
 * then "dies" (its writer never runs, nothing is flushed or closed) are found in Cassandra exactly
 * once after a new recorder opens the same directory and replays it — rows, the distinct-client
 * counts and the hot-spot counters — including a segment that was half written before the crash,
 * a torn last line, and a replay that was itself cut short and run again.
 */
class WriteAheadJournalIT {

    /** Segments so long that a test's records all fall in one. */
    static final long ONE_SEGMENT = Long.MAX_VALUE / 4;

    static Fixture f;
    static Vertx vertx;

    @TempDir
    Path dir;
    int batchId;
    String region;
    ScanSettings settings;
    final List<String> deployments = new ArrayList<>();

    @BeforeAll
    static void up() {
        f = new Fixture("wal_it");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void down() {
        vertx.close().await();
        f.close();
    }

    @BeforeEach
    void world() {
        batchId = f.newId();
        region = "IT-WAL-" + batchId;   // a hot-spot place of this test alone
        settings = VerifyConfig.load(ConfigSource.of(f.config("wal", Map.of(
                "verify.scan.spill-dir", dir.resolve("spill").toString(),
                "verify.scan.journal-dir", dir.resolve("journal").toString())))).scan();
    }

    @AfterEach
    void undeploy() {
        for (String id : deployments) {
            vertx.undeploy(id).await();
        }
    }

    /** Serial {@code i}; every third a forged-looking record without a unit; counted ones a new client. */
    ScanRecord scan(long i) {
        if (i % 3 == 0) {
            return new ScanRecord(Uuids.timeBased(), null, null, "FORGED", null, region, null, "mobile", "zh", "API");
        }
        return new ScanRecord(Uuids.timeBased(), batchId, i, "GENUINE", null, region, new byte[] {1, 2, 3}, "mobile", "zh",
                "PAGE", true, true, 1, 1, java.time.Instant.now(), region);
    }

    /** Appends on an event loop, in turns of {@code perTurn} records; the futures of every append. */
    List<ScanRecord> journal(WriteAheadJournal j, int n, int perTurn) {
        List<ScanRecord> recs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            recs.add(scan(i));
        }
        List<Future<Boolean>> acks = new ArrayList<>();
        var ctx = vertx.getOrCreateContext();
        for (int from = 0; from < n; from += perTurn) {
            List<ScanRecord> turn = recs.subList(from, Math.min(n, from + perTurn));
            Future<List<Future<Boolean>>> appended = Future.future(p -> ctx.runOnContext(v ->
                    p.complete(turn.stream().map(j::append).toList())));
            acks.addAll(appended.await());
        }
        assertThat(Future.all(acks).await().<Boolean>list()).containsOnly(true);
        return recs;
    }

    ScanWriter startWriter(ScanBuffer buffer, WriteAheadJournal j) {
        ScanWriter w = new ScanWriter(buffer, f.session, settings, j);
        deployments.add(vertx.deployVerticle(w, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await());
        return w;
    }

    Map<Long, Integer> rowsPerSerial() {
        return ScanLogRows.perSerial(f.session, batchId);
    }

    /** The distinct clients the code's summary row holds (0 without a row). */
    long clients(long serial) {
        Row r = f.session.execute("SELECT clients FROM scan_summaries WHERE batch_id = ? AND serial = ?", batchId,
                MarkKey.serialBytes(serial)).one();
        return r == null || r.isNull("clients") ? 0 : r.getLong("clients");
    }

    long hotspot(String verdict) {
        Row r = f.session.execute("SELECT scans FROM scan_hotspots WHERE day = ? AND place = ? AND verdict = ?",
                LocalDate.now(ZoneOffset.UTC), region, verdict).one();
        return r == null ? 0 : r.getLong("scans");
    }

    List<Path> journalFiles() throws Exception {
        try (Stream<Path> s = Files.list(settings.journalDir())) {
            return s.filter(p -> p.getFileName().toString().startsWith(WriteAheadJournal.PREFIX)).sorted().toList();
        }
    }

    void awaitReplayed(ScanWriter w, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (w.replayed() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(w.replayed()).as("scans replayed from the journal").isEqualTo(n);
    }

    /** Every serial of the genuine records once in the scan log, its summary's client count 1; hot spots exact. */
    void assertExactlyOnce(List<ScanRecord> recs) {
        Map<Long, Integer> expected = new HashMap<>();
        long forged = 0;
        for (ScanRecord r : recs) {
            if (r.serial() != null) {
                expected.put(r.serial(), 1);
            } else {
                forged++;
            }
        }
        assertThat(rowsPerSerial()).isEqualTo(expected);
        for (Long serial : expected.keySet()) {
            assertThat(clients(serial)).as("distinct clients of serial %d", serial).isEqualTo(1);
        }
        assertThat(hotspot("GENUINE")).isEqualTo(expected.size());
        assertThat(hotspot("FORGED")).isEqualTo(forged);
    }

    @Test
    void scansOfARecorderThatDiedAreReplayedExactlyOnce_halfWrittenSegmentAndTornLastLineIncluded() throws Exception {
        ScanBuffer buffer = new ScanBuffer(10_000);
        WriteAheadJournal dying = new WriteAheadJournal(settings.journalDir(), buffer, ONE_SEGMENT);
        List<ScanRecord> recs = journal(dying, 300, 25);
        assertThat(dying.appended()).isEqualTo(300);
        assertThat(dying.writes()).as("one write per event-loop turn").isEqualTo(12);
        // before it died its writer stored the first 100 (Cassandra and the done file), as a flush does
        List<ScanBuffer.Entry> first = buffer.drain(100);
        new ScanStore(f.session, settings.rowsPerBatch(), settings.summaryInterval()).write(first.stream().map(ScanBuffer.Entry::record).toList()).await();
        dying.written(first);
        // ... and the machine cut a line in half (a power cut mid-write: only the last line can be torn)
        Path lane = journalFiles().stream().filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        Files.writeString(lane, "{\"at\":\"" + Uuids.timeBased() + "\",\"v\":\"GEN", StandardOpenOption.APPEND);
        // the process dies here: no flush, no sweep, no close

        ScanWriter w = startWriter(new ScanBuffer(10_000),
                new WriteAheadJournal(settings.journalDir(), new ScanBuffer(10_000), ONE_SEGMENT));
        awaitReplayed(w, 200);

        assertExactlyOnce(recs);
        assertThat(journalFiles()).as("the replayed segment is deleted").isEmpty();
    }

    @Test
    void aReplayCutShortAndRunAgainWritesEachScanOnce() throws Exception {
        ScanBuffer buffer = new ScanBuffer(10_000);
        List<ScanRecord> recs = journal(new WriteAheadJournal(settings.journalDir(), buffer, ONE_SEGMENT), 120, 40);
        List<Path> left = journalFiles();

        // a first replay dies after storing and marking its first part
        WriteAheadJournal reader = new WriteAheadJournal(settings.journalDir(), new ScanBuffer(10), ONE_SEGMENT);
        List<WriteAheadJournal.Leftover> segments = reader.leftovers();
        assertThat(segments).hasSize(1);
        List<ScanRecord> unwritten = segments.get(0).unwritten();
        assertThat(unwritten).hasSize(120);
        List<ScanRecord> part = unwritten.subList(0, 50);
        new ScanStore(f.session, settings.rowsPerBatch(), settings.summaryInterval()).write(part).await();
        segments.get(0).markWritten(part);
        assertThat(segments.get(0).unwritten()).hasSize(70);

        // the second one finishes it
        ScanWriter w = startWriter(new ScanBuffer(10_000),
                new WriteAheadJournal(settings.journalDir(), new ScanBuffer(10_000), ONE_SEGMENT));
        awaitReplayed(w, 70);
        assertExactlyOnce(recs);
        assertThat(journalFiles()).isEmpty();

        // the same segment found again with its done file complete (a crash before the delete): nothing is written twice
        Path copy = Files.createDirectories(dir.resolve("again"));
        for (ScanRecord r : recs) {
            Files.writeString(copy.resolve(left.get(0).getFileName()), r.toLine() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        for (Path p : Files.list(copy).toList()) {
            Files.move(p, settings.journalDir().resolve(p.getFileName()));
        }
        WriteAheadJournal.Leftover again = new WriteAheadJournal(settings.journalDir(), new ScanBuffer(10), ONE_SEGMENT)
                .leftovers().get(0);
        again.markWritten(recs);
        ScanWriter w2 = startWriter(new ScanBuffer(10_000),
                new WriteAheadJournal(settings.journalDir(), new ScanBuffer(10_000), ONE_SEGMENT));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!journalFiles().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(journalFiles()).as("the segment is deleted").isEmpty();
        assertThat(w2.replayed()).isZero();
        assertExactlyOnce(recs);
    }

    @Test
    void aRunningWriterStoresJournaledScansAndDeletesTheirSegments_aGracefulStopLeavesNothing() throws Exception {
        ScanBuffer buffer = new ScanBuffer(10_000);
        WriteAheadJournal j = new WriteAheadJournal(settings.journalDir(), buffer, 100);
        ScanWriter w = startWriter(buffer, j);
        List<ScanRecord> recs = journal(j, 90, 30);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (w.written() < 90 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        vertx.undeploy(deployments.remove(0)).await();
        assertExactlyOnce(recs);
        assertThat(journalFiles()).as("a graceful stop deletes every stored segment").isEmpty();
        assertThat(w.replayed()).isZero();
    }
}
