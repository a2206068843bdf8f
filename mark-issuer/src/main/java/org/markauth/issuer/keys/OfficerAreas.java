package org.markauth.issuer.keys;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;

/**
 * An officer's area ({@code officer_areas}, V015): the regions whose alerts and consumer reports
 * verify-api's work list shows that officer. A region is named exactly as verify-api records a
 * scan's region (a province's GB/T 2260 code such as {@code CN-44}, or a name of the operator's IP
 * table such as {@code TEST-NET-1}), so an area is a set of those names, not a map shape. Only the
 * regulator sets an area (audited on {@code officer:<userId>}), and only for a user who holds an
 * officer key; the regulator and officers may read one ({@link OfficerAreaRoutes}; docs/api-issuer.md, "Officer areas").
 */
public final class OfficerAreas {

    /** A region as IpRegions and ip2region name them: letters, digits, '-', '_', '.'; at most 40. */
    static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");
    static final int MAX_REGIONS = 100;

    /** An officer's area as stored; empty regions when none was set. */
    public record Area(String officer, Set<String> regions, String setBy, Instant setAt) {
        public Area {
            regions = Set.copyOf(regions);
        }

        public JsonObject json() {
            return new JsonObject().put("officer", officer).put("regions", new JsonArray(List.copyOf(new TreeSet<>(regions))))
                    .put("setBy", setBy).put("setAt", setAt == null ? null : setAt.toString());
        }
    }

    private final CqlSession session;
    private final ApiKeyStore apiKeys;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final PreparedStatement read;
    private final PreparedStatement write;

    public OfficerAreas(CqlSession session, ApiKeyStore apiKeys, ChangeRecorder changes, Clock clock) {
        this.session = session;
        this.apiKeys = apiKeys;
        this.changes = changes;
        this.clock = clock;
        this.read = session.prepare("SELECT officer, regions, set_by, set_at FROM officer_areas WHERE officer = ?");
        this.write = session.prepare("INSERT INTO officer_areas (officer, regions, set_by, set_at) VALUES (?, ?, ?, ?)");
    }

    /** The officer's area (empty when none set); the regulator any officer's, an officer only its own. */
    public Area area(Principal p, String officer) {
        Permissions.requireRole(p, "read officer areas", Role.REGULATOR, Role.OFFICER);
        if (p.role() == Role.OFFICER && !p.userId().equals(officer)) {
            throw new IssuerException.Forbidden("an officer may read only its own area (" + p.userId() + ")");
        }
        Row r = session.execute(read.bind(officer)).one();
        return r == null ? new Area(officer, Set.of(), null, null)
                : new Area(officer, r.getSet("regions", String.class), r.getString("set_by"), r.getInstant("set_at"));
    }

    /** Replaces the officer's area (an empty set clears it); the regulator only, audited. */
    public Area set(Principal p, String officer, Set<String> regions) {
        Permissions.requireRole(p, "set officer areas", Role.REGULATOR);
        boolean isOfficer = apiKeys.list(Optional.of(Role.OFFICER), Optional.empty()).stream()
                .anyMatch(c -> c.principal().userId().equals(officer));
        if (!isOfficer) {
            throw new IssuerException.NotFound("officer (a user with an OFFICER key)", officer);
        }
        Instant now = clock.instant();
        session.execute(write.bind(officer, regions, p.userId(), now));
        changes.audit(p.userId(), "officer.area", "officer:" + officer,
                regions.isEmpty() ? "area cleared" : "area " + new TreeSet<>(regions));
        return new Area(officer, regions, p.userId(), now);
    }

    /** The request's regions, each checked: the names verify-api records, at most {@value #MAX_REGIONS}. */
    public static Set<String> regions(List<String> given) {
        if (given.size() > MAX_REGIONS) {
            throw new IllegalArgumentException("regions lists " + given.size() + " names; at most " + MAX_REGIONS);
        }
        Set<String> out = new TreeSet<>();
        for (String g : given) {
            if (g == null || !REGION.matcher(g).matches()) {
                throw new IllegalArgumentException("region '" + (g == null ? "null" : g.length() > 40 ? g.substring(0, 40) + "…" : g)
                        + "' is not a region name as verify-api records it (e.g. CN-44, TEST-NET-1: letters, digits, - _ ., at most 40)");
            }
            out.add(g);
        }
        return out;
    }
}
