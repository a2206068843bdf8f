package org.markauth.issuer.keys;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.ApiTokens;
import org.markauth.access.Credential;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.access.Scope;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.Errors;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential directory over HTTP (docs/api-issuer.md, "Credentials"): the regulator issues
 * scoped, expiring keys, lists them (never the secret) and revokes them by id; a manufacturer's
 * FULL key lists and revokes its own licensee's keys (a leaked line key is stopped by the factory
 * without waiting for the programme office) but issues none. Every issue and revoke is audited on
 * {@code credential:<id>}. The handlers run the blocking store calls on a worker thread.
 */
public final class CredentialRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialRoutes.class);
    private static final int MAX_REASON = 500;
    private static final int MAX_LICENSEE_ID = 64;

    private final ApiKeyStore apiKeys;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final Function<String, Future<?>> revoked;

    public CredentialRoutes(ApiKeyStore apiKeys, ChangeRecorder changes, Clock clock) {
        this(apiKeys, changes, clock, id -> Future.succeededFuture());
    }

    /**
     * @param revoked what else ends with a credential revoked here, given its id (the console's
     *                sessions opened with it); awaited before the answer, its failure only logged (the
     *                console re-checks the credential on every request anyway)
     */
    public CredentialRoutes(ApiKeyStore apiKeys, ChangeRecorder changes, Clock clock, Function<String, Future<?>> revoked) {
        this.apiKeys = apiKeys;
        this.changes = changes;
        this.clock = clock;
        this.revoked = revoked;
    }

    public void mount(Router r) {
        named(r.post("/api/v1/credentials"), "credentials").handler(this::issue);
        named(r.get("/api/v1/credentials"), "credentials").handler(this::list);
        named(r.post("/api/v1/credentials/revoke"), "credentials").handler(this::revokeByToken);
        named(r.get("/api/v1/credentials/:credentialId"), "credentials").handler(this::get);
        named(r.post("/api/v1/credentials/:credentialId/revoke"), "credentials").handler(this::revokeById);
    }

    private void issue(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        Permissions.requireRole(p, "issue API keys", Role.REGULATOR);
        JsonObject b = JsonBody.object(ctx);
        Role role = parseRole(JsonCodec.requiredString(b, "role"));
        String licenseeId = JsonCodec.string(b, "licenseeId");
        if (licenseeId != null && licenseeId.length() > MAX_LICENSEE_ID) {     // a licensee's id is 1-64 characters
            throw new IllegalArgumentException("licenseeId must be at most " + MAX_LICENSEE_ID + " characters");
        }
        Principal who = new Principal(JsonCodec.requiredString(b, "userId"), role, Optional.ofNullable(licenseeId));
        Set<Scope> scopes = scopes(b);
        Instant expires = b.getValue("expiresAt") == null ? null : JsonCodec.instant(b, "expiresAt");
        Blocking.reply(ctx, 201, () -> {
            var issued = apiKeys.issue(who, scopes, expires, p.userId());
            Credential c = issued.credential();
            changes.audit(p.userId(), "credential.issue", "credential:" + c.id(), role + " key " + c.keyPrefix() + " for "
                    + who.userId() + who.licenseeId().map(l -> " of " + l).orElse("") + ", scopes " + names(c.scopes())
                    + (expires == null ? ", no expiry" : ", expires " + expires));
            return json(c).put("token", issued.token()).put("note", "shown once; store it now");
        });
    }

    private void list(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        Permissions.requireRole(p, "list API keys", Role.REGULATOR, Role.MANUFACTURER);
        String r = ctx.queryParams().get("role");
        Optional<Role> role = r == null ? Optional.empty() : Optional.of(parseRole(r));
        Optional<String> licensee = Optional.ofNullable(ctx.queryParams().get("licenseeId"));
        if (p.role() == Role.MANUFACTURER) {
            if (licensee.isPresent() && !p.mayActFor(licensee.get())) {
                throw new IssuerException.Forbidden("a manufacturer may list only its own licensee's API keys ("
                        + p.licenseeId().orElseThrow() + ")");
            }
            licensee = p.licenseeId();
        }
        Optional<String> l = licensee;
        Instant now = clock.instant();
        Blocking.reply(ctx, 200, () -> {
            JsonArray a = new JsonArray();
            apiKeys.list(role, l).forEach(c -> a.add(json(c, now)));
            return a;
        });
    }

    private void get(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        Permissions.requireRole(p, "read API keys", Role.REGULATOR, Role.MANUFACTURER);
        String id = ctx.pathParam("credentialId");
        Blocking.reply(ctx, 200, () -> json(owned(p, id, "read"), clock.instant()));
    }

    private void revokeById(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        Permissions.requireRole(p, "revoke API keys", Role.REGULATOR, Role.MANUFACTURER);
        String id = ctx.pathParam("credentialId");
        String reason = reason(JsonCodec.requiredString(JsonBody.object(ctx), "reason"));
        Blocking.reply(ctx, 200, Blocking.run(ctx, () -> {
            Credential was = owned(p, id, "revoke");
            Credential now = apiKeys.revokeById(id, p.userId(), reason).orElseThrow(() -> new IssuerException.NotFound("credential", id));
            if (!was.revoked()) {
                changes.audit(p.userId(), "credential.revoke", "credential:" + id, was.principal().role() + " key " + was.keyPrefix()
                        + " of " + was.principal().userId() + ": " + reason);
            }
            return json(now, clock.instant());
        }).compose(j -> endSessions(id).map(j)));
    }

    /** The pre-directory route, kept working: revoke by presenting the token itself. */
    private void revokeByToken(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        Permissions.requireRole(p, "revoke API keys", Role.REGULATOR);
        JsonObject b = JsonBody.object(ctx);
        String token = JsonCodec.requiredString(b, "token");
        String reason = reason(Optional.ofNullable(JsonCodec.string(b, "reason")).orElse("revoked by token"));
        Future.fromCompletionStage(apiKeys.revoke(token, p.userId(), reason), ctx.vertx().getOrCreateContext())
                .compose(found -> {
                    if (!found) {
                        return Future.<JsonObject>failedFuture(new Errors.HttpFailure(404, "NOT_FOUND", "no such API key"));
                    }
                    String id = ApiTokens.credentialId(ApiTokens.hash(token));
                    return Blocking.run(ctx, () -> {
                        changes.audit(p.userId(), "credential.revoke", "credential:" + id, "by token " + ApiTokens.hint(token) + ": " + reason);
                        return new JsonObject().put("revoked", true).put("id", id);
                    }).compose(j -> endSessions(id).map(j));
                })
                .onSuccess(j -> ctx.response().putHeader("content-type", "application/json").end(j.encode()))
                .onFailure(ctx::fail);
    }

    /** Ends what lives on a revoked credential; a failure is logged, never the revocation's answer. */
    private Future<Void> endSessions(String credentialId) {
        return revoked.apply(credentialId).<Void>mapEmpty().recover(e -> {
            LOG.warn("credential {} revoked, but its console sessions could not be ended now (the console's own check ends them): {}",
                    credentialId, e.getMessage());
            return Future.succeededFuture();
        });
    }

    /** The credential if the caller may see it: the regulator any, a manufacturer its own licensee's; else 404, as for a missing one. */
    private Credential owned(Principal p, String id, String action) {
        Credential c = apiKeys.find(id).orElseThrow(() -> new IssuerException.NotFound("credential", id));
        if (p.role() != Role.REGULATOR && !c.principal().licenseeId().map(p::mayActFor).orElse(false)) {
            throw new IssuerException.NotFound("credential", id);    // another licensee's key: as if it did not exist
        }
        return c;
    }

    /** A revocation's reason as the audit trail keeps it: at most 500 characters (a 10,000-character one was kept before). */
    private static String reason(String reason) {
        if (reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("reason must be at most " + MAX_REASON + " characters");
        }
        return reason;
    }

    private static Set<Scope> scopes(JsonObject b) {
        var list = JsonCodec.stringList(b, "scopes");
        if (list.isEmpty()) {
            return Scope.ALL;
        }
        EnumSet<Scope> out = EnumSet.noneOf(Scope.class);
        list.forEach(x -> out.add(Scope.parse(x)));
        return out.contains(Scope.FULL) ? Scope.ALL : Set.copyOf(out);
    }

    private static Role parseRole(String v) {
        try {
            return Role.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be one of REGULATOR, MANUFACTURER, OFFICER, got '" + v + "'");
        }
    }

    private static JsonArray names(Set<Scope> scopes) {
        return new JsonArray(scopes.stream().map(x -> x.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }

    private JsonObject json(Credential c) {
        return json(c, clock.instant());
    }

    /** Never the secret: the id, the non-secret hint, the owner, the scopes and the times. */
    public static JsonObject json(Credential c, Instant now) {
        return new JsonObject().put("id", c.id()).put("keyPrefix", c.keyPrefix()).put("userId", c.principal().userId())
                .put("role", c.principal().role().name()).put("licenseeId", c.principal().licenseeId().orElse(null))
                .put("scopes", names(c.scopes())).put("state", c.state(now)).put("createdAt", text(c.createdAt()))
                .put("createdBy", c.createdBy()).put("expiresAt", text(c.expiresAt())).put("lastUsedAt", text(c.lastUsedAt()))
                .put("revokedAt", text(c.revokedAt())).put("revokedBy", c.revokedBy()).put("revokedReason", c.revokedReason());
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
