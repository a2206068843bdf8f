package org.markauth.drills;

/**
 * Cassandra without quorum for minutes under load (the script's --fault-cmd kills two nodes of the
 * private three-node cluster, --recover-cmd starts them), then back: no acknowledged scan lost.
 */
final class CassandraDrill extends LoadDrill {

    CassandraDrill(DrillOptions options, DrillReport report) {
        super(options, report);
    }

    @Override
    void fault(LoadRun run, DrillWorld world) throws Exception {
        shellFault(run);
    }

    @Override
    void check(LoadRun.Outcome o, LoadRun run, DrillWorld world) {
        report.check(o.lost() == 0, "no acknowledged scan lost across the Cassandra outage (lost " + o.lost() + ")");
        report.check(o.okDuringFault() > 0, "warm codes kept verifying while Cassandra was down ("
                + o.okDuringFault() + " verdicts with the unit found)");
        report.check(o.fiveXX() == 0, "no 5xx while Cassandra had no quorum: codes no cache held got the signature's verdict ("
                + o.fiveXX() + ")");
    }
}
