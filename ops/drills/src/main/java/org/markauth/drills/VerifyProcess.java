package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real verify-api ({@code VerifyMain}) as a child JVM on this classpath, configured by one
 * properties file in the work folder, so that a drill can kill it with SIGKILL and start it again
 * over the same spill directory.
 */
final class VerifyProcess {

    private final Path work;
    private final Path config;
    private final DrillWorld world;
    private Process process;
    private int generation;

    VerifyProcess(Path work, DrillWorld world, Map<String, String> settings, String scenario) throws Exception {
        this.work = work;
        this.world = world;
        this.config = work.resolve("verify-api.properties");
        Properties p = new Properties();
        p.putAll(settings);
        try (OutputStream o = Files.newOutputStream(config)) {
            p.store(o, "drill " + scenario);
        }
    }

    /** Starts a new generation and waits (up to 300 s) until it answers /health/live. */
    void start() throws Exception {
        start(System.getProperty("java.class.path"));
    }

    /** {@link #start()} on another classpath (another build of the verify-api: journal-cost's A/B). */
    void start(String classpath) throws Exception {
        generation++;
        Path log = work.resolve("verify-api-" + generation + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseParallelGC", "-cp", classpath,
                "org.markauth.verify.app.VerifyMain", "--config=" + config)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MARKAUTH_"));   // the file alone configures it
        long t0 = System.nanoTime();
        process = pb.start();
        long deadline = System.currentTimeMillis() + 300_000;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("verify-api exited during start (see " + log + ")");
            }
            try {
                if (world.get("/health/live").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).status() == 200) {
                    break;
                }
            } catch (ExecutionException | TimeoutException notYet) {
                // not listening yet (or the loaded machine is slow to answer): try again
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("verify-api not live within 300 s (see " + log + ")");
            }
            Thread.sleep(200);
        }
        say("verify-api #" + generation + " live on 127.0.0.1:" + world.port + " (pid " + process.pid() + ") after "
                + (System.nanoTime() - t0) / 1_000_000 + " ms, log " + log);
    }

    /**
     * Scans the current generation replayed from the journal an earlier one left (its log's
     * "replaying N scans from journal segment" lines), 0 when none.
     */
    long replayedAfterRestart() throws java.io.IOException {
        Path log = work.resolve("verify-api-" + generation + ".log");
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("replaying (\\d+) scans from journal segment");
        long n = 0;
        for (String l : Files.readAllLines(log)) {
            java.util.regex.Matcher m = p.matcher(l);
            if (m.find()) {
                n += Long.parseLong(m.group(1));
            }
        }
        return n;
    }

    /** kill -9: whatever it held in memory is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        process = null;
    }

    /** SIGTERM (drain and flush), SIGKILL after 60 s; nothing when not running. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            say("verify-api stopped (exit " + process.exitValue() + ")");
            process = null;
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory in MB (Linux), -1 when unknown. */
    long rssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            // not Linux: no figure
        }
        return -1;
    }
}
