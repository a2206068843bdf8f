package org.markauth.verify.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU of one kind of thread of a process, from {@code /proc/<pid>/task/<tid>/stat}: the JIT's
 * compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}). A window on a path the
 * service meets for the first time is partly the compiler's; the cold scenario prints that share
 * rather than hiding it or leaving it unexplained.
 */
final class JvmThreads {

    private JvmThreads() {
    }

    /** utime + stime in clock ticks of the threads whose name starts with "C1 Compiler" or "C2 Compiler". */
    static long compilerTicks(long pid) {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15: utime, stime
                    }
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended between the listing and the read: its CPU is no longer counted anywhere
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }
}
