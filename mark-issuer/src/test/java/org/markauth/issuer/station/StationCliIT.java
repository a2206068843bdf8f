package org.markauth.issuer.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.cli.StationCommand;
import picocli.CommandLine;

/**
 * {@code issuer station} reading a scanner on standard input while the issuer's HTTP server is
 * stopped in the middle and started again: every unit ends in the right state and in the right
 * case, nothing is applied twice, and the journal is empty at the end.
 */
class StationCliIT {

    static StationWorld w;
    static Path keyFile;
    static Path queue;
    static int port;

    @BeforeAll
    static void up() throws Exception {
        w = new StationWorld("issuer_station_cli_it", 60);
        String[] line = w.lineWithKey(5, 2);
        keyFile = Files.createTempFile("station", ".key");
        Files.writeString(keyFile, line[1] + "\n");
        queue = Files.createTempDirectory("station-queue");
        port = w.server.actualPort();
    }

    @AfterAll
    static void down() throws IOException {
        w.close();
        Files.deleteIfExists(keyFile);
    }

    /** The command's output, line by line, readable while it runs. */
    static final class Output extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(char[] c, int off, int len) {
            text.append(c, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized List<String> lines() {
            return text.toString().lines().toList();
        }

        void await(int lines) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines().size() < lines && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(lines()).as("output so far").hasSizeGreaterThanOrEqualTo(lines);
        }
    }

    /** A running {@code issuer station}: feed it lines, read its output, close its input. */
    static final class Run {
        final PipedOutputStream feed = new PipedOutputStream();
        final Output out = new Output();
        final Output err = new Output();
        final CompletableFuture<Integer> exit;

        Run(String... args) throws IOException {
            PipedInputStream in = new PipedInputStream(feed, 1 << 16);
            CommandLine cl = new CommandLine(new StationCommand(in)).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
            exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
        }

        void scan(String code) throws IOException {
            feed.write((code + "\n").getBytes(StandardCharsets.US_ASCII));
            feed.flush();
        }

        int end() throws Exception {
            feed.close();
            return exit.get(90, TimeUnit.SECONDS);
        }
    }

    static Run station(String mode) throws IOException {
        return new Run("--issuer", "http://127.0.0.1:" + port, "--key-file", keyFile.toString(), "--mode", mode,
                "--queue", queue.toString(), "--lang", "en", "--timeout", "2", "--drain", "60");
    }

    static long journalLines() throws IOException {
        Path j = queue.resolve("journal.jsonl");
        return Files.exists(j) ? Files.readAllLines(j).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    @Test
    void activatesAndPacksThroughAStoppedIssuerWithNothingLostOrDoubled() throws Exception {
        // activate 1..30: 10 answered, 10 while the issuer is down (journaled), 10 after it is back
        List<String> units = w.codes(w.units, 1, 30);
        Run a = station("activate");
        for (String u : units.subList(0, 10)) {
            a.scan(u);
        }
        a.out.await(10);
        w.stop();
        for (String u : units.subList(10, 20)) {
            a.scan(u);
        }
        a.out.await(20);
        assertThat(a.out.lines().subList(10, 20)).allMatch(l -> l.startsWith("QUEUED"));
        assertThat(journalLines()).isEqualTo(10);
        w.start(port);
        for (String u : units.subList(20, 30)) {
            a.scan(u);
        }
        assertThat(a.end()).as(String.join("\n", a.err.lines())).isZero();
        List<String> out = a.out.lines();
        assertThat(out.stream().filter(l -> l.startsWith("OK "))).hasSize(30);
        assertThat(out.stream().filter(l -> l.contains("(journal)"))).hasSizeGreaterThanOrEqualTo(10);
        assertThat(journalLines()).isZero();
        for (int seq = 1; seq <= 30; seq++) {
            assertThat(w.state(w.units, seq)).isEqualTo("ACTIVE");
            assertThat(w.unitEvents(w.units, seq)).as("unit %d activated once", seq).isEqualTo(1);
        }

        // pack 1..10 into two cases of 5; the issuer stops after the first case and comes back at the end
        Run p = station("pack");
        for (String u : units.subList(0, 5)) {
            p.scan(u);
        }
        p.scan(w.code(w.cases, 1));
        p.out.await(6);
        assertThat(p.out.lines().get(5)).startsWith("CASE OK");
        w.stop();
        for (String u : units.subList(5, 10)) {
            p.scan(u);
        }
        p.scan(w.code(w.cases, 2));
        p.out.await(12);
        assertThat(journalLines()).isEqualTo(6);
        w.start(port);
        assertThat(p.end()).as(String.join("\n", p.err.lines())).isZero();
        assertThat(p.out.lines()).filteredOn(l -> l.startsWith("CASE OK")).hasSize(2);
        assertThat(journalLines()).isZero();
        for (int seq = 1; seq <= 10; seq++) {
            assertThat(w.aggregations(w.units, seq)).as("unit %d packed once", seq).isEqualTo(1);
        }
        assertThat(w.state(w.cases, 1)).isEqualTo("ACTIVE");
        assertThat(w.state(w.cases, 2)).isEqualTo("ACTIVE");
        // the cases hold exactly their five units each
        for (int c = 1; c <= 2; c++) {
            long serial = w.fx.services.serials.serial(w.cases.batchId(), c);
            assertThat(w.fx.ks.session().execute("SELECT child_serial FROM aggregation_children WHERE parent_batch = ? AND parent_serial = ?",
                    w.cases.batchId(), org.markauth.registry.MarkKey.serialBytes(serial)).all()).hasSize(5);
        }
    }
}
