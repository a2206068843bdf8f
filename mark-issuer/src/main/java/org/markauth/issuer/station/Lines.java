package org.markauth.issuer.station;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Credential;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.access.Scope;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;

/**
 * A licensee's packing lines and the STATION keys bound to them (V017 {@code lines},
 * {@code lines_by_licensee}, {@code line_keys}, {@code station_keys}). A manufacturer manages its
 * own lines, the regulator any licensee's; another licensee's line, or a batch of another licensee
 * named in a line, is answered exactly like a missing one. A line's key acts as a manufacturer
 * principal of the line's licensee named {@code station:<lineId>} (the actor of its audit lines)
 * with the scope STATION only. Officers have no business with lines (403). Calls block on
 * Cassandra: worker threads.
 */
public final class Lines {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CqlSession session;
    private final BatchStore batches;
    private final ApiKeyStore apiKeys;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final PreparedStatement insertLine;
    private final PreparedStatement insertByLicensee;
    private final PreparedStatement updateLine;
    private final PreparedStatement selectLine;
    private final PreparedStatement selectAll;
    private final PreparedStatement selectByLicensee;
    private final PreparedStatement insertLineKey;
    private final PreparedStatement insertStationKey;
    private final PreparedStatement selectLineKeys;
    private final PreparedStatement selectStationKey;

    public Lines(CqlSession session, BatchStore batches, ApiKeyStore apiKeys, ChangeRecorder changes, Clock clock) {
        this.session = session;
        this.batches = batches;
        this.apiKeys = apiKeys;
        this.changes = changes;
        this.clock = clock;
        String cols = "line_id, licensee_id, name, batch_ids, pack_size, cases_per_pallet, created_at";
        insertLine = session.prepare("INSERT INTO lines (" + cols + ", created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertByLicensee = session.prepare("INSERT INTO lines_by_licensee (licensee_id, line_id) VALUES (?, ?)");
        updateLine = session.prepare("UPDATE lines SET name = ?, batch_ids = ?, pack_size = ?, cases_per_pallet = ?, updated_at = ? "
                + "WHERE line_id = ?");
        selectLine = session.prepare("SELECT " + cols + " FROM lines WHERE line_id = ?");
        selectAll = session.prepare("SELECT " + cols + " FROM lines");
        selectByLicensee = session.prepare("SELECT line_id FROM lines_by_licensee WHERE licensee_id = ?");
        insertLineKey = session.prepare("INSERT INTO line_keys (line_id, credential_id, created_at, created_by) VALUES (?, ?, ?, ?)");
        insertStationKey = session.prepare("INSERT INTO station_keys (credential_id, line_id, licensee_id) VALUES (?, ?, ?)");
        selectLineKeys = session.prepare("SELECT credential_id FROM line_keys WHERE line_id = ?");
        selectStationKey = session.prepare("SELECT line_id, licensee_id FROM station_keys WHERE credential_id = ?");
    }

    /** The caller's lines: a manufacturer's own, every licensee's for the regulator; by licensee and name. */
    public List<Line> list(Principal p) {
        Permissions.requireRole(p, "read packing lines", Role.MANUFACTURER, Role.REGULATOR);
        List<Line> out = new ArrayList<>();
        if (p.role() == Role.MANUFACTURER) {
            for (Row r : session.execute(selectByLicensee.bind(p.licenseeId().orElseThrow()))) {
                find(r.getString("line_id")).ifPresent(out::add);
            }
        } else {
            session.execute(selectAll.bind()).forEach(r -> out.add(line(r)));
        }
        out.sort(Comparator.comparing(Line::licenseeId).thenComparing(Line::name).thenComparing(Line::lineId));
        return out;
    }

    /** One line; another licensee's is "does not exist" for a manufacturer. */
    public Line get(Principal p, String lineId) {
        Permissions.requireRole(p, "read packing lines", Role.MANUFACTURER, Role.REGULATOR);
        Line l = find(lineId).orElseThrow(() -> new IssuerException.NotFound("line", lineId));
        Permissions.requireOwnOrHidden(p, false, l.licenseeId(), "line", lineId);
        return l;
    }

    /**
     * A new line of {@code licenseeId} (a manufacturer: its own, {@code licenseeId} may be null;
     * the regulator names it). Every batch must be the licensee's.
     */
    public Line create(Principal p, String licenseeId, String name, List<Integer> batchIds, int packSize, int casesPerPallet) {
        Permissions.requireRole(p, "create a line", Role.MANUFACTURER, Role.REGULATOR);
        String owner = p.role() == Role.MANUFACTURER ? p.licenseeId().orElseThrow() : licenseeId;
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("licenseeId is required when the regulator creates a line");
        }
        if (licenseeId != null && !licenseeId.equals(owner)) {
            throw new IssuerException.Forbidden("a manufacturer may create lines only for its own licensee " + owner);
        }
        Instant now = clock.instant();
        Line l = new Line("L" + HexFormat.of().formatHex(randomBytes()), owner, name, batchIds, packSize, casesPerPallet, now);
        requireBatches(l.licenseeId(), l.batchIds());
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                insertLine.bind(l.lineId(), l.licenseeId(), l.name(), l.batchIds(), l.packSize(), l.casesPerPallet(), now, p.userId(), now),
                insertByLicensee.bind(l.licenseeId(), l.lineId())));
        changes.audit(p.userId(), "line.create", entity(l.lineId()), describe(l));
        return l;
    }

    /** Changes a line's name, batches and sizes (its keys stay bound to it). */
    public Line update(Principal p, String lineId, String name, List<Integer> batchIds, int packSize, int casesPerPallet) {
        Permissions.requireRole(p, "change a line", Role.MANUFACTURER, Role.REGULATOR);
        Line old = find(lineId).orElseThrow(() -> new IssuerException.NotFound("line", lineId));
        Permissions.requireOwnOrHidden(p, true, old.licenseeId(), "line", lineId);
        Line l = new Line(old.lineId(), old.licenseeId(), name, batchIds, packSize, casesPerPallet, old.createdAt());
        requireBatches(l.licenseeId(), l.batchIds());
        session.execute(updateLine.bind(l.name(), l.batchIds(), l.packSize(), l.casesPerPallet(), clock.instant(), l.lineId()));
        changes.audit(p.userId(), "line.update", entity(l.lineId()), describe(l));
        return l;
    }

    /**
     * A new STATION key for the line; the token is the only copy of the secret. Revoke it with the
     * credential routes ({@code POST /api/v1/credentials/{credentialId}/revoke}).
     */
    public ApiKeyStore.Issued issueKey(Principal p, String lineId, String actor) {
        Permissions.requireRole(p, "issue a line station key", Role.MANUFACTURER, Role.REGULATOR);
        Line l = find(lineId).orElseThrow(() -> new IssuerException.NotFound("line", lineId));
        Permissions.requireOwnOrHidden(p, true, l.licenseeId(), "line", lineId);
        ApiKeyStore.Issued issued = apiKeys.issue(Principal.manufacturer(stationUser(lineId), l.licenseeId()), Set.of(Scope.STATION),
                null, actor);
        String id = issued.credential().id();
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                insertLineKey.bind(lineId, id, issued.credential().createdAt(), actor),
                insertStationKey.bind(id, lineId, l.licenseeId())));
        changes.audit(actor, "credential.issue", "credential:" + id, "line station key for line " + lineId + " (" + l.name() + ")");
        changes.audit(actor, "line.key", entity(lineId), "station key " + id);
        return issued;
    }

    /** The line's STATION keys (revoked ones included, with their state), newest first. */
    public List<Credential> keys(Principal p, String lineId) {
        Line l = get(p, lineId);
        Permissions.requireOwnOrHidden(p, false, l.licenseeId(), "line", lineId);
        List<Credential> out = new ArrayList<>();
        for (Row r : session.execute(selectLineKeys.bind(lineId))) {
            apiKeys.find(r.getString("credential_id")).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Credential::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    /** The line a STATION key was issued for, or empty for a key issued otherwise. */
    public Optional<String> lineOfKey(String credentialId) {
        Row r = session.execute(selectStationKey.bind(credentialId)).one();
        return r == null ? Optional.empty() : Optional.of(r.getString("line_id"));
    }

    /** A line by id, unchecked. */
    public Optional<Line> find(String lineId) {
        if (lineId == null || !Line.ID.matcher(lineId).matches()) {
            return Optional.empty();
        }
        Row r = session.execute(selectLine.bind(lineId)).one();
        return r == null ? Optional.empty() : Optional.of(line(r));
    }

    /** The user id of a line's station keys (the actor of what its stations do). */
    public static String stationUser(String lineId) {
        return "station:" + lineId;
    }

    static String entity(String lineId) {
        return "line:" + lineId;
    }

    private void requireBatches(String licenseeId, List<Integer> ids) {
        for (int id : ids) {
            Optional<Batch> b = batches.batch(id);
            if (b.isEmpty() || !b.get().licenseeId().equals(licenseeId)) {
                throw new IssuerException.NotFound("batch", id);   // another licensee's batch: as if missing
            }
        }
    }

    private static String describe(Line l) {
        return l.name() + ": batches " + l.batchIds() + ", " + l.packSize() + " units per case, " + l.casesPerPallet() + " cases per pallet";
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Line line(Row r) {
        return new Line(r.getString("line_id"), r.getString("licensee_id"), r.getString("name"), r.getList("batch_ids", Integer.class),
                r.getInt("pack_size"), r.getInt("cases_per_pallet"), r.getInstant("created_at"));
    }
}
