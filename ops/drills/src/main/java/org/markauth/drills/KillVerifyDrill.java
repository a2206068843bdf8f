package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

/**
 * verify-api killed with kill -9 mid-load and restarted on the same journal and spill dir: every
 * scan acknowledged to the client (a 200 that recorded a scan) must be a row of {@code scan_log}
 * after the restart has replayed the journal — 0 lost.
 */
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
    void check(LoadRun.Outcome o, LoadRun run, DrillWorld world) throws Exception {
        // for reference: what the old promise (one flush interval, no journal) would have allowed
        report.figure("acked_last_100ms", run.acksBeforeFault(100));
        report.figure("journal_replayed", world.verify.replayedAfterRestart());
        report.check(o.lost() == 0, "scans lost by kill -9: " + o.lost() + " of " + o.acknowledged()
                + " acknowledged (every answered scan is in the write-ahead journal, replayed at restart)");
        report.check(restarted, "verify-api restarted on the same journal and spill dir and was live again after kill -9");
    }
}
