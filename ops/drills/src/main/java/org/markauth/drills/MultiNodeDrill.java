package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.registry.MarkKey;

/**
 * Three nodes, RF 3, verify-api at LOCAL_QUORUM under load while marks are issued; one node killed
 * (the script's --fault-cmd) and restarted: no acknowledged scan or mark write lost, and verification
 * keeps answering.
 */
final class MultiNodeDrill extends LoadDrill {

    private final LongAdder marksAcked = new LongAdder();
    private final List<long[]> issued = new ArrayList<>();
    private final List<Integer> issuedBatches = new ArrayList<>();

    MultiNodeDrill(DrillOptions options, DrillReport report) {
        super(options, report);
    }

    @Override
    void fault(LoadRun run, DrillWorld world) throws Exception {
        // issuance during the run: mark rows written at LOCAL_QUORUM as the issuer writes them
        Thread issuer = new Thread(() -> issue(run, world, options.recoverAt() + 5), "drill-issue");
        issuer.start();
        shellFault(run);
        issuer.join();
    }

    private void issue(LoadRun run, DrillWorld world, int untilSecond) {
        try {
            int seq = 1;
            while (run.before(untilSecond)) {
                int b = world.rows.newId();
                LongAdder ok = new LongAdder();
                long[] s = world.rows.marks(b, seq, 200, ConsistencyLevel.LOCAL_QUORUM, ok);
                marksAcked.add(ok.sum());
                synchronized (issued) {
                    issued.add(s);
                    issuedBatches.add(b);
                }
                if (ok.sum() < 200) {
                    say("issuance: " + (200 - ok.sum()) + " of 200 mark writes not acknowledged (not counted as issued)");
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    void check(LoadRun.Outcome o, LoadRun run, DrillWorld world) {
        report.check(o.lost() == 0, "no acknowledged scan lost with one node of three killed (lost " + o.lost() + ")");
        report.check(o.answeredDuringFaultPercent() >= 99.0, String.format("verification kept answering at LOCAL_QUORUM with a "
                + "node down: %.2f%% of %d requests answered GENUINE (>= 99%%)", o.answeredDuringFaultPercent(), o.sentDuringFault()));
        long marksLost = marksMissing(world);
        report.figure("marks_issued_acked", marksAcked.sum());
        report.figure("marks_lost", marksLost);
        report.check(marksLost == 0, "no acknowledged mark write lost (" + marksAcked.sum() + " acknowledged during the run, "
                + marksLost + " missing at LOCAL_QUORUM afterwards)");
    }

    private long marksMissing(DrillWorld world) {
        PreparedStatement q = world.session.prepare("SELECT serial FROM marks WHERE batch_id = ? AND bucket = ? AND serial = ?");
        long missing = 0;
        synchronized (issued) {
            for (int i = 0; i < issued.size(); i++) {
                for (long s : issued.get(i)) {
                    if (s != 0 && world.session.execute(q.bind(issuedBatches.get(i), MarkKey.bucket(s), MarkKey.serialBytes(s))
                            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)).one() == null) {
                        missing++;
                    }
                }
            }
        }
        return missing;
    }
}
