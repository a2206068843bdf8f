package org.markauth.drills;

/** A drill that injects one fault under verification load ({@link LoadRun}) and checks what survived it. */
abstract class LoadDrill implements Scenario {

    final DrillOptions options;
    final DrillReport report;

    LoadDrill(DrillOptions options, DrillReport report) {
        this.options = options;
        this.report = report;
    }

    @Override
    public final void run(DrillWorld world) throws Exception {
        prepare(world);
        LoadRun run = loadRun(world);
        check(run.run(r -> fault(r, world)), run, world);
    }

    /** Before the load, with the world's verify-apis live (two-dc starts its second one here, the rolling upgrade its own instances, redis-cluster probes the world); nothing by default. */
    void prepare(DrillWorld world) throws Exception {
    }

    /** The load: on the world's verify-api unless the drill routes it elsewhere. */
    LoadRun loadRun(DrillWorld world) {
        return new LoadRun(world, options, report);
    }

    /** On its own thread from the start of the load: waits for --fault-at, injects the fault, recovers. */
    abstract void fault(LoadRun run, DrillWorld world) throws Exception;

    abstract void check(LoadRun.Outcome outcome, LoadRun run, DrillWorld world) throws Exception;

    /** The fault schedule {@link LoadRun} runs on its own thread. */
    interface Fault {
        void run(LoadRun run) throws Exception;
    }

    /** --fault-cmd at --fault-at, --recover-cmd at --recover-at (the cluster drills). */
    void shellFault(LoadRun run) throws Exception {
        run.sleepUntil(options.faultAt());
        run.faultStarts();
        DrillReport.say("FAULT " + options.faultCommand());
        shell(options.faultCommand());
        run.sleepUntil(options.recoverAt());
        run.recoveryStarts();
        DrillReport.say("RECOVER " + options.recoverCommand());
        shell(options.recoverCommand());
        DrillReport.say("RECOVER done");
    }

    static void shell(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("command failed (exit " + p.exitValue() + "): " + cmd);
        }
    }

    /** {@link #shell} that returns what the command printed on stdout (its stderr passes through). */
    static String shellOutput(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("command failed (exit " + p.exitValue() + "): " + cmd);
        }
        return out.strip();
    }
}
