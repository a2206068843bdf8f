package org.markauth.issuer.print;

import org.markauth.registry.BatchState;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.batch.Batch;

/**
 * Print files are counterfeiting material (every code in them verifies), so every download is
 * written down before a byte is sent: who, through which credential, which units, which format
 * ({@code print_downloads}, V006) plus an audit line on the batch. A download whose range overlaps
 * an earlier one of the same batch is a <em>reprint</em>; a manufacturer may make at most
 * {@code reprintsPerDay} reprints of a batch in any 24 hours (the regulator is exempt, and still
 * audited). Who may download at all is decided before this, in the route layer (Permissions).
 *
 * <p>Two instances racing on the last allowed reprint may both pass (the check reads, then
 * writes): the limit is a brake on a leaking line, the audit trail is the evidence.
 */
public final class PrintLog {

    public static final int DEFAULT_REPRINTS_PER_DAY = 3;
    static final Duration WINDOW = Duration.ofHours(24);

    /** One download as logged. */
    public record Download(Instant at, String actor, Role role, String credentialId, int first, int last, String format,
                           boolean reprint) {
    }

    /** What a batch's record shows: downloads in all, of which reprints, reprints in the last 24 hours and the limit. */
    public record Summary(int downloads, int reprints, int reprintsLast24h, int reprintsPerDay) {
    }

    private final CqlSession session;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final int reprintsPerDay;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    public PrintLog(CqlSession session, ChangeRecorder changes, Clock clock, int reprintsPerDay) {
        this.session = session;
        this.changes = changes;
        this.clock = clock;
        this.reprintsPerDay = reprintsPerDay;
        this.insert = session.prepare("INSERT INTO print_downloads (batch_id, at, printed_at, actor, role, credential_id, first_seq, "
                + "last_seq, format, reprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.select = session.prepare("SELECT printed_at, actor, role, credential_id, first_seq, last_seq, format, reprint "
                + "FROM print_downloads WHERE batch_id = ?");
    }

    /**
     * Logs and audits a download of units {@code from..to} (clamped to the batch) before it streams;
     * refuses a reprint over the limit (HTTP 429, the message names the limit). Blocking.
     *
     * @param credentialId the credential used, or e.g. {@code cli} for the operator's command line
     */
    public Download record(Principal p, String credentialId, Batch b, int from, int to, PrintFormat format) {
        int first = Math.max(1, from);
        int last = Math.min(b.quantity(), to);
        if (first > last) {
            throw new IllegalArgumentException("from..to must overlap units 1.." + b.quantity() + " of batch " + b.batchId()
                    + ", got " + from + ".." + to);
        }
        if (b.state() == BatchState.ISSUING) {
            throw new IssuerException.Conflict("BATCH_ISSUING", "batch " + b.batchId() + " is still being issued; print it when its job is DONE");
        }
        format.checkRange(b, first, last);
        Instant now = clock.instant();
        List<Download> before = downloads(b.batchId());
        boolean reprint = before.stream().anyMatch(d -> d.first() <= last && first <= d.last());
        List<Download> recent = before.stream().filter(Download::reprint).filter(d -> d.at().isAfter(now.minus(WINDOW))).toList();
        boolean over = reprint && recent.size() >= reprintsPerDay;
        if (over && p.role() != Role.REGULATOR) {
            Instant oldest = recent.stream().map(Download::at).min(Instant::compareTo).orElse(now);
            long retry = Math.max(1, Duration.between(now, oldest.plus(WINDOW)).toSeconds());
            changes.audit(p.userId(), "batch.reprint.refused", "batch:" + b.batchId(), range(first, last, format, credentialId)
                    + "; limit of " + reprintsPerDay + " reprints per batch per 24 h reached");
            throw new IssuerException.Limited("REPRINT_LIMIT", "batch " + b.batchId() + " has had " + recent.size()
                    + " reprints in the last 24 hours, the limit is " + reprintsPerDay + " reprints per batch per day; units "
                    + first + ".." + last + " were printed before. Try again in " + retry + " s, or ask the programme office",
                    retry);
        }
        Download d = new Download(now, p.userId(), p.role(), credentialId, first, last, format.name(), reprint);
        session.execute(insert.bind(b.batchId(), Uuids.timeBased(), now, d.actor(), d.role().name(), credentialId,
                first, last, d.format(), reprint));
        String detail = range(first, last, format, credentialId) + (reprint ? "; reprint " + (recent.size() + 1) + " of "
                + reprintsPerDay + " in 24 h" + (over ? " (over the limit; the regulator is exempt)" : "") : "");
        changes.audit(p.userId(), reprint ? "batch.reprint" : "batch.print", "batch:" + b.batchId(), detail);
        return d;
    }

    /** Counts for the batch's record. Blocking. */
    public Summary summary(int batchId) {
        Instant since = clock.instant().minus(WINDOW);
        List<Download> all = downloads(batchId);
        int reprints = (int) all.stream().filter(Download::reprint).count();
        int recent = (int) all.stream().filter(Download::reprint).filter(d -> d.at().isAfter(since)).count();
        return new Summary(all.size(), reprints, recent, reprintsPerDay);
    }

    /** The batch's downloads, newest first. Blocking. */
    public List<Download> downloads(int batchId) {
        List<Download> out = new ArrayList<>();
        for (Row r : session.execute(select.bind(batchId))) {
            out.add(new Download(r.getInstant("printed_at"), r.getString("actor"),
                    Role.valueOf(r.getString("role")), r.getString("credential_id"), r.getInt("first_seq"), r.getInt("last_seq"),
                    r.getString("format"), r.getBoolean("reprint")));
        }
        return out;
    }

    private static String range(int first, int last, PrintFormat f, String credentialId) {
        return "units " + first + ".." + last + " as " + f.name().toLowerCase(Locale.ROOT) + " via credential " + credentialId;
    }
}
