package org.markauth.issuer.trace.query;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.trace.EpcisException;

/**
 * Named queries (EPCIS 2.0 REST binding, {@code /queries}): a query saved under a name, belonging to
 * the party that made it (V021 {@code epcis_queries}). A manufacturer's belong to its licensee, the
 * regulator's to the programme office; an officer has none (403), as with webhooks. Another party's
 * query is answered exactly like a missing one (404). Deleting a query deletes its subscriptions.
 * Creation and deletion are audited. Blocking.
 */
public final class NamedQueries {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final int MAX_PER_OWNER = 100;

    /** A saved query. */
    public record Named(String name, EpcisQuery query, Instant createdAt, String createdBy) {
    }

    private final CqlSession s;
    private final ChangeRecorder changes;
    private final Clock clock;
    private Subscriptions subscriptions;
    private final PreparedStatement insert;
    private final PreparedStatement one;
    private final PreparedStatement byOwner;
    private final PreparedStatement remove;

    public NamedQueries(CqlSession s, ChangeRecorder changes, Clock clock) {
        this.s = s;
        this.changes = changes;
        this.clock = clock;
        insert = s.prepare("INSERT INTO epcis_queries (owner, name, query, created_at, created_by) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
        one = s.prepare("SELECT name, query, created_at, created_by FROM epcis_queries WHERE owner = ? AND name = ?");
        byOwner = s.prepare("SELECT name, query, created_at, created_by FROM epcis_queries WHERE owner = ? LIMIT ?");
        remove = s.prepare("DELETE FROM epcis_queries WHERE owner = ? AND name = ?");
    }

    void subscriptions(Subscriptions subs) {
        this.subscriptions = subs;
    }

    /** The party key of {@code p}'s queries and subscriptions: {@code licensee:<id>} or {@code regulator}; an officer has none (403). */
    static String owner(Principal p) {
        if (p.role() == Role.REGULATOR) {
            return "regulator";
        }
        if (p.role() == Role.MANUFACTURER && p.licenseeId().isPresent()) {
            return "licensee:" + p.licenseeId().get();
        }
        throw new IssuerException.Forbidden("role " + p.role() + " has no named queries or subscriptions; the manufacturer and the "
                + "programme office keep theirs");
    }

    /** The principal a party's saved query runs as (a subscription delivered by the dispatcher). */
    static Principal runAs(String owner) {
        return owner.startsWith("licensee:") ? Principal.manufacturer("epcis-subscription", owner.substring("licensee:".length()))
                : Principal.regulator("epcis-subscription");
    }

    public Named create(Principal p, JsonObject body) {
        String owner = owner(p);
        Object n = body.getValue("name");
        if (!(n instanceof String name) || !NAME.matcher(name).matches()) {
            throw new EpcisException("QUERY_NAME_INVALID", "name must be 1-64 letters, digits, '_', '.' or '-' starting with a "
                    + "letter or digit, got " + (n == null ? "none" : "'" + EpcisQuery.shorten(String.valueOf(n)) + "'"));
        }
        if (!(body.getValue("query") instanceof JsonObject qj)) {
            throw new EpcisException("QUERY_INVALID", "query is required: an object of EPCIS query parameters "
                    + "(query-schema.json), e.g. {\"eventType\": [\"ObjectEvent\"], \"EQ_bizStep\": [\"shipping\"]}");
        }
        EpcisQuery q = EpcisQuery.fromJson(qj);
        if (list(owner, MAX_PER_OWNER + 1).size() >= MAX_PER_OWNER) {
            throw new IssuerException.Refused("TOO_MANY_QUERIES", "a party keeps at most " + MAX_PER_OWNER + " named queries; delete one first");
        }
        Instant now = clock.instant();
        if (!s.execute(insert.bind(owner, name, q.toJson().encode(), now, p.userId())).wasApplied()) {
            throw new IssuerException.Conflict("QUERY_EXISTS", "a query named '" + name + "' exists already; choose another name or "
                    + "delete it first");
        }
        changes.audit(p.userId(), "epcis.query.create", "epcis-query:" + owner + "/" + name, q.toJson().encode());
        return new Named(name, q, now, p.userId());
    }

    public Named get(Principal p, String name) {
        return find(owner(p), name).orElseThrow(() -> new IssuerException.NotFound("query", name));
    }

    Optional<Named> find(String owner, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(s.execute(one.bind(owner, name)).one()).map(NamedQueries::named);
    }

    public List<Named> list(Principal p) {
        return list(owner(p), MAX_PER_OWNER);
    }

    private List<Named> list(String owner, int limit) {
        List<Named> out = new ArrayList<>();
        s.execute(byOwner.bind(owner, limit)).forEach(r -> out.add(named(r)));
        return out;
    }

    public void delete(Principal p, String name) {
        String owner = owner(p);
        get(p, name);
        subscriptions.deleteAll(p, owner, name);
        s.execute(remove.bind(owner, name));
        changes.audit(p.userId(), "epcis.query.delete", "epcis-query:" + owner + "/" + name, name);
    }

    private static Named named(Row r) {
        return new Named(r.getString("name"), EpcisQuery.fromJson(new JsonObject(r.getString("query"))), r.getInstant("created_at"),
                r.getString("created_by"));
    }
}
