package org.markauth.ops.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * CPU time as Linux accounts it in {@code /proc}: a process's user + system time (all its threads,
 * {@code /proc/<pid>/stat} fields 14 and 15) and the machine's busy time over all cores
 * ({@code /proc/stat}'s first line less idle, iowait and steal: steal is time the hypervisor gave to
 * another guest, not work done here). The bench harness samples both around a measured window and
 * divides by the requests served, which gives CPU microseconds per request for each process: the
 * figure that decides capacity once the service, Cassandra and Redis have machines of their own
 * (PERFORMANCE.md). The kernel counts in clock ticks (normally 10 ms), so a window must be long
 * enough for the ticks to add up: seconds, not milliseconds.
 */
public final class ProcCpu {

    /** The name of the whole machine in a {@link Window}'s figures. */
    public static final String MACHINE = "machine";

    private final Path proc;
    private final long ticksPerSecond;

    ProcCpu(Path proc, long ticksPerSecond) {
        if (ticksPerSecond < 1) {
            throw new IllegalArgumentException("clock ticks per second must be >= 1, got " + ticksPerSecond);
        }
        this.proc = proc;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** This machine's {@code /proc}, its clock tick read with {@code getconf CLK_TCK} (100 if that fails). */
    public static ProcCpu create() {
        if (!Files.isReadable(Path.of("/proc/stat"))) {
            throw new IllegalStateException("/proc/stat is not readable: per-process CPU figures need Linux");
        }
        return new ProcCpu(Path.of("/proc"), clockTicks());
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+")) {
                return Long.parseLong(out);
            }
        } catch (IOException e) {
            // no getconf: the usual value below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    /** User + system CPU of process {@code pid} so far, in microseconds. */
    public long processMicros(long pid) {
        String stat = read(proc.resolve(Long.toString(pid)).resolve("stat"));
        return ticksToMicros(processTicks(stat));
    }

    /**
     * User and system CPU of each thread group of process {@code pid} so far, in microseconds, by
     * {@link #threadGroup}: a JVM's event loops, JIT compiler, GC and the Cassandra driver's I/O apart.
     * A thread that ended is no longer listed (its CPU stays in {@link #processMicros}).
     */
    public Map<String, ThreadCpu> threadGroupMicros(long pid) {
        Map<String, ThreadCpu> out = new LinkedHashMap<>();
        Path tasks = proc.resolve(Long.toString(pid)).resolve("task");
        try (DirectoryStream<Path> d = Files.newDirectoryStream(tasks)) {
            for (Path t : d) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"), StandardCharsets.ISO_8859_1);
                } catch (IOException ended) {
                    continue;   // the thread ended while we looked
                }
                long[] us = userSystemTicks(stat);
                out.merge(threadGroup(threadName(stat)), new ThreadCpu(ticksToMicros(us[0]), ticksToMicros(us[1])), ThreadCpu::plus);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks + " (has the process ended?)", e);
        }
        return out;
    }

    /** CPU of a group of threads, user and system (kernel: system calls, the network stack) apart, in microseconds. */
    public record ThreadCpu(long user, long system) {
        public long total() {
            return user + system;
        }

        ThreadCpu plus(ThreadCpu o) {
            return new ThreadCpu(user + o.user, system + o.system);
        }

        ThreadCpu minus(ThreadCpu o) {
            return new ThreadCpu(user - o.user, system - o.system);
        }
    }

    /**
     * The group of a thread by its kernel name (a Java thread's name cut to 15 characters): the
     * Vert.x event loops (where a request's own work runs), Vert.x workers, the JIT compiler, GC and
     * VM housekeeping, the Cassandra driver's I/O threads, or "other".
     */
    static String threadGroup(String comm) {
        if (comm.startsWith("vert.x-eventloo")) {
            return "event loops";
        }
        if (comm.startsWith("vert.x-")) {
            return "workers";
        }
        if (comm.contains("CompilerThre") || comm.startsWith("Sweeper")) {
            return "JIT";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM ")) {
            return "GC+VM";
        }
        if (comm.matches("s\\d+-(io|admin|timer)-.*")) {
            return "driver";
        }
        return "other";
    }

    /** The command name of a /proc stat line (between the first '(' and the last ')'). */
    static String threadName(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(stat));
        }
        return stat.substring(open + 1, close);
    }

    /** Busy CPU of the machine so far (all cores), in microseconds. */
    public long machineMicros() {
        return ticksToMicros(machineTicks(read(proc.resolve("stat"))));
    }

    private long ticksToMicros(long ticks) {
        return ticks * 1_000_000L / ticksPerSecond;
    }

    /** utime + stime of a {@code /proc/<pid>/stat} line; the command name may hold spaces and ')'. */
    static long processTicks(String stat) {
        long[] us = userSystemTicks(stat);
        return us[0] + us[1];
    }

    /** utime and stime of a {@code /proc/<pid>/stat} (or task stat) line. */
    static long[] userSystemTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(stat));
        }
        // after "pid (comm) ": field 3 (state) is index 0, so utime (field 14) is index 11, stime index 12
        String[] f = stat.substring(close + 2).trim().split(" +");
        if (f.length < 13) {
            throw new IllegalArgumentException("/proc/<pid>/stat line has " + (f.length + 2) + " fields, expected >= 15: "
                    + abbreviate(stat));
        }
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    /** The busy ticks of {@code /proc/stat}'s "cpu" line: user, nice, system, irq and softirq. */
    static long machineTicks(String procStat) {
        String first = procStat.lines().findFirst().orElse("");
        String[] f = first.trim().split(" +");
        if (f.length < 8 || !f[0].equals("cpu")) {
            throw new IllegalArgumentException("not /proc/stat: first line '" + abbreviate(first) + "'");
        }
        // cpu user nice system idle iowait irq softirq [steal guest guest_nice]; guest time is already in user
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7}) {
            busy += Long.parseLong(f[i]);
        }
        return busy;
    }

    /** Processes whose command line (arguments joined by spaces) matches, lowest pid first; this process excluded. */
    public List<Long> pidsWhoseCommandLine(Predicate<String> matches) {
        long self = ProcessHandle.current().pid();
        List<Long> out = new ArrayList<>();
        for (long pid : pids()) {
            if (pid == self) {
                continue;
            }
            commandLine(pid).filter(matches).ifPresent(c -> out.add(pid));
        }
        return out;
    }

    /** The oldest process whose command line contains {@code text} (e.g. "CassandraDaemon"). */
    public OptionalLong pidWithCommandLineContaining(String text) {
        List<Long> found = pidsWhoseCommandLine(c -> c.contains(text));
        return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
    }

    /** The oldest process whose executable name ({@code /proc/<pid>/comm}) is exactly {@code name} (e.g. "redis-server"). */
    public OptionalLong pidNamed(String name) {
        for (long pid : pids()) {
            try {
                if (Files.readString(proc.resolve(Long.toString(pid)).resolve("comm"), StandardCharsets.ISO_8859_1).strip().equals(name)) {
                    return OptionalLong.of(pid);
                }
            } catch (IOException gone) {
                // the process ended while we looked
            }
        }
        return OptionalLong.empty();
    }

    /** A process's arguments joined by spaces, or empty when it has gone (or is a kernel thread). */
    public java.util.Optional<String> commandLine(long pid) {
        try {
            byte[] b = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline"));
            String s = new String(b, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return s.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(s);
        } catch (IOException gone) {
            return java.util.Optional.empty();
        }
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            d.forEach(p -> pids.add(Long.parseLong(p.getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + proc, e);
        }
        pids.sort(null);
        return pids;
    }

    /** Starts a window over the named processes (name to pid) and the machine: call {@link Window#close()} at its end. */
    public Window open(Map<String, Long> processes) {
        return new Window(this, processes, java.util.Set.of());
    }

    /** As {@link #open(Map)}, with the CPU of the processes named in {@code split} also by thread group. */
    public Window open(Map<String, Long> processes, java.util.Set<String> split) {
        return new Window(this, processes, split);
    }

    /**
     * One measured window: CPU of each named process and of the machine between {@link ProcCpu#open}
     * and {@link #close()}. A process that ends inside the window is reported as -1.
     */
    public static final class Window {
        private final ProcCpu cpu;
        private final Map<String, Long> pids;
        private final Map<String, Long> startMicros = new LinkedHashMap<>();
        private final Map<String, Map<String, ThreadCpu>> startThreads = new LinkedHashMap<>();
        private final long startNanos;
        private Usage usage;

        private Window(ProcCpu cpu, Map<String, Long> pids, java.util.Set<String> split) {
            this.cpu = cpu;
            this.pids = new LinkedHashMap<>(pids);
            pids.forEach((name, pid) -> {
                if (split.contains(name)) {
                    startThreads.put(name, cpu.threadGroupMicros(pid));
                }
                startMicros.put(name, cpu.processMicros(pid));
            });
            startMicros.put(MACHINE, cpu.machineMicros());
            startNanos = System.nanoTime();
        }

        /** Ends the window (once; later calls return the same figures). */
        public synchronized Usage close() {
            if (usage == null) {
                long machine = cpu.machineMicros();
                long wall = System.nanoTime() - startNanos;
                Map<String, Long> used = new LinkedHashMap<>();
                pids.forEach((name, pid) -> {
                    long now;
                    try {
                        now = cpu.processMicros(pid);
                    } catch (UncheckedIOException gone) {
                        now = -1;
                    }
                    used.put(name, now < 0 ? -1 : now - startMicros.get(name));
                });
                used.put(MACHINE, machine - startMicros.get(MACHINE));
                Map<String, Map<String, ThreadCpu>> threads = new LinkedHashMap<>();
                startThreads.forEach((name, before) -> {
                    try {
                        threads.put(name, since(before, cpu.threadGroupMicros(pids.get(name))));
                    } catch (UncheckedIOException gone) {
                        // the process ended: no split
                    }
                });
                usage = new Usage(used, wall / 1_000.0, threads);
            }
            return usage;
        }
    }

    /** Each group's CPU between two readings; a group that was not there before counts from zero. */
    static Map<String, ThreadCpu> since(Map<String, ThreadCpu> before, Map<String, ThreadCpu> after) {
        Map<String, ThreadCpu> out = new LinkedHashMap<>();
        after.forEach((group, now) -> {
            ThreadCpu d = now.minus(before.getOrDefault(group, new ThreadCpu(0, 0)));
            // a group whose threads ended in the window can read less than before: their CPU is no longer listed
            out.put(group, new ThreadCpu(Math.max(0, d.user()), Math.max(0, d.system())));
        });
        return out;
    }

    /**
     * What a window used: CPU microseconds per name (the processes, then {@value #MACHINE}) over
     * {@code wallMicros} of wall time, and for the processes opened with a split, by thread group.
     */
    public record Usage(Map<String, Long> micros, double wallMicros, Map<String, Map<String, ThreadCpu>> threads) {
        public Usage {
            micros = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(micros));
            threads = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(threads));
        }

        public Usage(Map<String, Long> micros, double wallMicros) {
            this(micros, wallMicros, Map.of());
        }

        /** CPU µs of {@code name} per operation, or NaN when unknown (no such name, process gone, no operation). */
        public double perOperation(String name, long operations) {
            Long m = micros.get(name);
            return m == null || m < 0 || operations <= 0 ? Double.NaN : (double) m / operations;
        }

        /** Average cores busy for {@code name} over the window (1.0 = one core all the time). */
        public double cores(String name) {
            Long m = micros.get(name);
            return m == null || m < 0 ? Double.NaN : m / wallMicros;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);   // a command name may hold any byte
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " (has the process ended?)", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
