package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

/** verify-api killed with kill -9 mid-load and restarted on the same spill dir: scans lost within the documented window. */
final class KillVerifyDrill extends LoadDrill {

    private volatile boolean restarted;

    KillVerifyDrill(DrillOptions options, DrillReport report) {
        super(options, report);
    }

    @Override
    void fault(LoadRun run, DrillWorld world) throws Exception {
        run.sleepUntil(options.faultAt());
        run.faultStarts();
        say("FAULT kill -9 verify-api (pid " + world.verify.pid() + "), " + run.acknowledgedSoFar() + " scans acknowledged so far");
        world.verify.kill();
        Thread.sleep(1000);
        run.recoveryStarts();
        world.verify.start();
        restarted = true;
    }

    @Override
    void check(LoadRun.Outcome o, LoadRun run, DrillWorld world) {
        long window100 = run.acksBeforeFault(100);
        long window1s = run.acksBeforeFault(1000);
        report.figure("acked_last_100ms", window100);
        report.figure("acked_last_1s", window1s);
        report.check(o.lost() <= window1s, "scans lost by kill -9 (" + o.lost() + ") <= scans acknowledged in the last second before it ("
                + window1s + "; documented window: one flush interval, 100 ms = " + window100 + " scans)");
        report.check(restarted, "verify-api restarted on the same spill dir and was live again after kill -9");
    }
}
