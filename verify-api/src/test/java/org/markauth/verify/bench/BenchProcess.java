package org.markauth.verify.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the bench launched (the verify-api from its production jar, or the trivial endpoint), its
 * output in a log file of the work folder. {@link #start} returns once {@code readyUrl} answers 200
 * and records how long that took from the launch (the {@code verify.startup} figure). The pid is
 * appended to {@code <work>/pids} so that ops/bench.d/verify.lib's trap can stop it if this driver
 * dies without running its shutdown hook.
 */
final class BenchProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final double startupSeconds;

    private BenchProcess(String name, Process process, Path log, double startupSeconds) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startupSeconds = startupSeconds;
    }

    /** Launches {@code command}, then polls {@code readyUrl} every 10 ms until it answers 200 (at most 180 s). */
    static BenchProcess start(String name, List<String> command, Path work, String readyUrl) throws IOException, InterruptedException {
        Path log = work.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MARKAUTH_"));   // the flags alone configure it
        long t0 = System.nanoTime();
        Process p = pb.start();
        Files.writeString(work.resolve("pids"), p.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        HttpRequest ready = HttpRequest.newBuilder(URI.create(readyUrl)).timeout(Duration.ofSeconds(2)).build();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up with " + p.exitValue() + ":\n" + tail(log));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException(name + ": " + readyUrl + " not 200 within 180 s:\n" + tail(log));
            }
            Thread.sleep(10);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCH %s started (pid %d) and ready in %.2f s, log %s%n", name, p.pid(), s, log);
        return new BenchProcess(name, p, log, s);
    }

    long pid() {
        return process.pid();
    }

    /** Seconds from the launch to the first 200 of its ready URL. */
    double startupSeconds() {
        return startupSeconds;
    }

    Path log() {
        return log;
    }

    /**
     * Heap in use right after a full GC, in MiB, read with {@code jcmd <pid> GC.run} then
     * {@code GC.heap_info} (the JDK's own tool: no agent or JMX port in the service). NaN when jcmd
     * is missing or its output is not understood (printed as such).
     */
    double heapAfterFullGcMiB() throws InterruptedException {
        try {
            jcmd("GC.run");
            String info = jcmd("GC.heap_info");
            // G1: " garbage-first heap   total 524288K, used 61440K [...]"; Parallel/Serial print per generation
            Matcher m = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(info);
            if (m.find()) {
                return Long.parseLong(m.group(1)) / 1024.0;
            }
            long used = 0;
            Matcher gen = Pattern.compile("(?m)^\\s*\\S+ generation\\s+total \\d+K, used (\\d+)K").matcher(info);
            boolean any = false;
            while (gen.find()) {
                used += Long.parseLong(gen.group(1));
                any = true;
            }
            if (any) {
                return used / 1024.0;
            }
            System.out.println("BENCH warning: jcmd GC.heap_info not understood: " + info.lines().findFirst().orElse(""));
        } catch (IOException e) {
            System.out.println("BENCH warning: jcmd failed (" + e.getMessage() + "): no heap figure");
        }
        return Double.NaN;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + " exited " + (p.isAlive() ? "late" : p.exitValue()) + ": " + out.strip());
        }
        return out;
    }

    /** SIGTERM (the service drains and flushes its scans), SIGKILL after 60 s. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                System.out.println("BENCH " + name + " did not stop within 60 s of SIGTERM: killed");
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", new ArrayList<>(lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
