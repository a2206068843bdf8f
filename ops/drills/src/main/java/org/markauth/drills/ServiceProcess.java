package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A real service as a child JVM on this classpath, configured by one properties file in the work
 * folder ({@code --config=}), logging with the service's own logback.xml to a file in the work folder
 * ({@code <name>-<generation>.log}), so that a drill can read its log, kill it with SIGKILL and start
 * it again.
 */
class ServiceProcess {

    private final String name;
    private final Path work;
    private final Path config;
    private final String heap;
    private final String mainClass;
    private final List<String> args;
    private final Supplier<Future<Integer>> health;
    private final String module;
    private Process process;
    private int generation;
    private Path log;

    /**
     * @param module the service's Maven module ("verify-api", "mark-issuer"): its own logback.xml is the one used
     * @param health a probe of the service's liveness route, answering its HTTP status
     */
    ServiceProcess(String name, String module, Path work, Map<String, String> settings, String scenario, String heap,
                   String mainClass, List<String> args, Supplier<Future<Integer>> health) throws IOException {
        this.name = name;
        this.module = module;
        this.work = work;
        this.heap = heap;
        this.mainClass = mainClass;
        this.args = args;
        this.health = health;
        this.config = work.resolve(name + ".properties");
        Properties p = new Properties();
        p.putAll(settings);
        try (OutputStream o = Files.newOutputStream(config)) {
            p.store(o, "drill " + scenario);
        }
    }

    /** Starts a new generation and waits (up to 300 s) until its liveness route answers 200. */
    void start() throws Exception {
        start(System.getProperty("java.class.path"));
    }

    /** {@link #start()} on another classpath (another build of the service: journal-cost's A/B). */
    void start(String classpath) throws Exception {
        generation++;
        log = work.resolve(name + "-" + generation + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseParallelGC"));
        logbackOf(module).ifPresent(url -> cmd.add("-Dlogback.configurationFile=" + url));
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(args);
        cmd.add("--config=" + config);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MARKAUTH_"));   // the file alone configures it
        long t0 = System.nanoTime();
        process = pb.start();
        Process started = process;
        // the driver stopped by a signal must not leave its services running
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        long deadline = System.currentTimeMillis() + 300_000;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start (see " + log + ")");
            }
            try {
                if (health.get().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS) == 200) {
                    break;
                }
            } catch (ExecutionException | TimeoutException notYet) {
                // not listening yet (or the loaded machine is slow to answer): try again
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(name + " not live within 300 s (see " + log + ")");
            }
            Thread.sleep(200);
        }
        say(name + " #" + generation + " live (pid " + process.pid() + ") after " + (System.nanoTime() - t0) / 1_000_000
                + " ms, log " + log);
    }

    /**
     * The service's own logback.xml on this classpath (both services' jars carry one named logback.xml:
     * whichever came first would configure both children otherwise).
     */
    private static java.util.Optional<String> logbackOf(String module) throws IOException {
        for (URL u : Collections.list(ServiceProcess.class.getClassLoader().getResources("logback.xml"))) {
            if (u.toString().contains("/" + module + "/") || u.toString().contains("/" + module + "-")) {
                return java.util.Optional.of(u.toString());
            }
        }
        return java.util.Optional.empty();
    }

    String name() {
        return name;
    }

    /** The log file of the running (or last) generation. */
    Path log() {
        return log;
    }

    /** kill -9: whatever it held in memory is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        process = null;
    }

    /** SIGTERM (drain and flush), SIGKILL after 60 s; nothing when not running. */
    void stop() throws InterruptedException {
        terminate(java.time.Duration.ofSeconds(60));
    }

    /**
     * SIGTERM, as the platform sends it after the preStop hook, then up to {@code grace} for the process to
     * exit by itself; SIGKILL after that. Answers the exit code, or -1 when it had to be killed (or was not running).
     */
    int terminate(java.time.Duration grace) throws InterruptedException {
        if (process == null) {
            return -1;
        }
        Process p = process;
        p.destroy();
        boolean exited = p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        say(name + " #" + generation + " " + (exited ? "exited (code " + p.exitValue() + ")" : "killed after the grace period of " + grace));
        process = null;
        return exited ? p.exitValue() : -1;
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
        } catch (IOException | RuntimeException e) {
            // not Linux, or gone: no figure
        }
        return -1;
    }
}
