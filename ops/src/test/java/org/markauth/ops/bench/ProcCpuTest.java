package org.markauth.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcCpuTest {

    @Test
    void readsUserPlusSystemTicksEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 2000 0 0 0 150 25 0 0 20 0 30 0 100 0 0";
        assertThat(ProcCpu.processTicks(stat)).isEqualTo(175);
    }

    @Test
    void machineBusyTimeLeavesOutIdleIowaitAndSteal() {
        String procStat = "cpu  100 5 30 9000 40 7 8 99 0 0\ncpu0 50 2 15 4500 20 3 4 50 0 0\n";
        assertThat(ProcCpu.machineTicks(procStat)).isEqualTo(100 + 5 + 30 + 7 + 8);
    }

    @Test
    void groupsJvmThreadsByWhatTheyDo() {
        assertThat(ProcCpu.threadGroup("vert.x-eventloo")).isEqualTo("event loops");
        assertThat(ProcCpu.threadGroup("vert.x-worker-t")).isEqualTo("workers");
        assertThat(ProcCpu.threadGroup("C2 CompilerThre")).isEqualTo("JIT");
        assertThat(ProcCpu.threadGroup("C1 CompilerThre")).isEqualTo("JIT");
        assertThat(ProcCpu.threadGroup("GC Thread#1")).isEqualTo("GC+VM");
        assertThat(ProcCpu.threadGroup("G1 Refine#0")).isEqualTo("GC+VM");
        assertThat(ProcCpu.threadGroup("s0-io-3")).isEqualTo("driver");
        assertThat(ProcCpu.threadGroup("s12-admin-0")).isEqualTo("driver");
        assertThat(ProcCpu.threadGroup("java")).isEqualTo("other");
        assertThat(ProcCpu.threadName("4243 (C2 CompilerThre) S 1 2 3")).isEqualTo("C2 CompilerThre");
        assertThat(ProcCpu.userSystemTicks("4242 (java (main) x) S 1 4242 4242 0 -1 4194560 2000 0 0 0 150 25 0 0 20 0 30 0 100 0 0"))
                .containsExactly(150, 25);
    }

    @Test
    void aGroupsCpuInAWindowIsWhatItAddedAndANewGroupCountsFromZero() {
        var before = Map.of("JIT", new ProcCpu.ThreadCpu(500, 20), "GC+VM", new ProcCpu.ThreadCpu(100, 0));
        var after = Map.of("JIT", new ProcCpu.ThreadCpu(700, 25), "GC+VM", new ProcCpu.ThreadCpu(90, 0),
                "driver", new ProcCpu.ThreadCpu(40, 60));
        var d = ProcCpu.since(before, after);
        assertThat(d.get("JIT")).isEqualTo(new ProcCpu.ThreadCpu(200, 5));
        assertThat(d.get("GC+VM")).isEqualTo(new ProcCpu.ThreadCpu(0, 0));   // a thread ended: never negative
        assertThat(d.get("driver").total()).isEqualTo(100);
    }

    @Test
    void refusesTextThatIsNotProc() {
        assertThatThrownBy(() -> ProcCpu.processTicks("no parenthesis")).hasMessageContaining("/proc/<pid>/stat");
        assertThatThrownBy(() -> ProcCpu.machineTicks("intr 1 2 3")).hasMessageContaining("not /proc/stat");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theCurrentProcessCpuAgreesWithTheJvmsOwnAccount() {
        ProcCpu cpu = ProcCpu.create();
        long self = ProcessHandle.current().pid();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // the JVM's own account read just outside and just inside the window: the window's figure lies between the two,
        // whatever the other threads (compiler, GC) did meanwhile on a busy machine
        long outerBefore = os.getProcessCpuTime() / 1_000;
        ProcCpu.Window w = cpu.open(Map.of("self", self));
        long innerBefore = os.getProcessCpuTime() / 1_000;
        burn(300_000_000L);
        long innerAfter = os.getProcessCpuTime() / 1_000;
        ProcCpu.Usage u = w.close();
        long outerAfter = os.getProcessCpuTime() / 1_000;
        long tick = 1_000_000 / cpu.ticksPerSecond();
        // the same counters, read through /proc in clock ticks (each read rounded down to a tick)
        assertThat(u.micros().get("self")).isPositive()
                .isBetween(innerAfter - innerBefore - 2 * tick, outerAfter - outerBefore + 2 * tick);
        // the machine did at least what this process did (less the rounding of two tick counts)
        assertThat(u.micros().get(ProcCpu.MACHINE)).isGreaterThanOrEqualTo(u.micros().get("self") - 2 * tick);
        assertThat(u.perOperation("self", 1000)).isEqualTo(u.micros().get("self") / 1000.0);
        assertThat(u.perOperation("nobody", 1000)).isNaN();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aSplitWindowAttributesTheCpuToTheThreadThatBurnedIt() throws Exception {
        ProcCpu cpu = ProcCpu.create();
        long self = ProcessHandle.current().pid();
        ProcCpu.Window w = cpu.open(Map.of("self", self), java.util.Set.of("self"));
        java.util.concurrent.atomic.AtomicLong burned = new java.util.concurrent.atomic.AtomicLong();
        Thread t = new Thread(() -> {
            burn(300_000_000L);
            burned.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000);
        }, "vert.x-eventloop-thread-9");
        t.start();
        t.join();
        ProcCpu.Usage u = w.close();
        long tick = 1_000_000 / cpu.ticksPerSecond();
        // the burning thread ended before the window closed: its CPU is in the process's total only, under no live
        // thread's group (whatever the compiler and GC threads, which are alive, did meanwhile on a busy machine)
        assertThat(u.micros().get("self")).isGreaterThanOrEqualTo(burned.get() - 2 * tick);
        ProcCpu.ThreadCpu eventLoops = u.threads().get("self").get("event loops");
        assertThat(eventLoops == null ? 0 : eventLoops.total()).isLessThan(tick);
        ProcCpu.Window w2 = cpu.open(Map.of("self", self), java.util.Set.of("self"));
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch measured = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong burned2 = new java.util.concurrent.atomic.AtomicLong();
        Thread t2 = new Thread(() -> {
            burn(300_000_000L);
            burned2.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000);
            done.countDown();
            try {
                measured.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vert.x-eventloop-thread-8");
        t2.start();
        done.await();
        ProcCpu.Usage u2 = w2.close();
        measured.countDown();
        t2.join();
        // alive at the close: counted under its group, all it burned (less the rounding of two tick counts)
        assertThat(u2.threads().get("self").get("event loops").total()).isGreaterThanOrEqualTo(burned2.get() - 2 * tick)
                .isLessThanOrEqualTo(u2.micros().get("self") + 2 * tick);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void findsProcessesByCommandLineAndName() throws Exception {
        ProcCpu cpu = ProcCpu.create();
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(cpu.pidsWhoseCommandLine(c -> c.equals("sleep 30"))).contains(child.pid());
            assertThat(cpu.commandLine(child.pid())).hasValue("sleep 30");
            assertThat(cpu.pidNamed("sleep")).isPresent();
            assertThat(cpu.pidWithCommandLineContaining("no-such-program-" + System.nanoTime())).isEmpty();
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    private static long burn(long n) {
        long x = 1;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        if (x == 42) {
            System.out.println(x);   // keeps the loop from being optimised away
        }
        return x;
    }
}
