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
        ProcCpu.Window w = cpu.open(Map.of("self", self));
        long jvmBefore = os.getProcessCpuTime() / 1_000;
        burn(300_000_000L);
        long jvmUsed = os.getProcessCpuTime() / 1_000 - jvmBefore;
        ProcCpu.Usage u = w.close();
        long tick = 1_000_000 / cpu.ticksPerSecond();
        // the same counters, read through /proc in clock ticks: within a few ticks of the JVM's figure
        assertThat(u.micros().get("self")).isPositive().isCloseTo(jvmUsed, org.assertj.core.data.Offset.offset(20 * tick));
        // the machine did at least what this process did (less the rounding of two tick counts)
        assertThat(u.micros().get(ProcCpu.MACHINE)).isGreaterThanOrEqualTo(u.micros().get("self") - 2 * tick);
        assertThat(u.perOperation("self", 1000)).isEqualTo(u.micros().get("self") / 1000.0);
        assertThat(u.perOperation("nobody", 1000)).isNaN();
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
