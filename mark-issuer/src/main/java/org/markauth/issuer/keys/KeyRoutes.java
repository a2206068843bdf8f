package org.markauth.issuer.keys;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.Errors;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/**
 * Signing keys over HTTP (docs/api-issuer.md): the trust list and the programme root, open to
 * everyone ({@link #mountPublic}); listing, rotating and revoking keys behind authentication.
 */
public final class KeyRoutes {

    private final SigningKeys keys;

    public KeyRoutes(SigningKeys keys) {
        this.keys = keys;
    }

    /** What verifiers fetch without a key; call before the router's authentication handler. */
    public void mountPublic(Router r) {
        named(r.get("/api/v1/trust-list"), "trust-list").handler(this::trustList);
        named(r.get("/api/v1/trust-root"), "trust-list").handler(this::trustRoot);
    }

    public void mount(Router r) {
        named(r.get("/api/v1/keys"), "keys").handler(this::listKeys);
        named(r.post("/api/v1/keys/rotate"), "keys").handler(this::rotateKey);
        named(r.post("/api/v1/keys/:keyId/revoke"), "keys").handler(this::revokeKey);
    }

    private void listKeys(RoutingContext ctx) {
        Principal p = principal(ctx);
        Permissions.requireRole(p, "list signing keys", Role.REGULATOR, Role.OFFICER);
        reply(ctx, 200, () -> JsonCodec.array(keys.keys(), KeyRoutes::key));
    }

    private void rotateKey(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = ctx.body().length() == 0 ? new JsonObject() : JsonBody.object(ctx);
        String alg = JsonCodec.string(b, "algorithm");
        SignatureAlgorithm a = alg == null ? null : Requests.enumValue(SignatureAlgorithm.class, alg, "algorithm");
        reply(ctx, 201, () -> {
            SigningKey k = keys.rotate(p, a);
            return new JsonObject().put("keyId", k.keyId().toHex()).put("algorithm", k.algorithm().name()).put("status", k.status().name());
        });
    }

    private void revokeKey(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        KeyId id;
        try {
            id = KeyId.ofHex(ctx.pathParam("keyId"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("keyId must be 8 hex digits");
        }
        reply(ctx, 200, () -> {
            SigningKey k = keys.revoke(p, id, JsonCodec.string(b, "reason"));
            return new JsonObject().put("keyId", k.keyId().toHex()).put("status", k.status().name())
                    .put("revokedAt", String.valueOf(k.revokedAt()));
        });
    }

    private void trustList(RoutingContext ctx) {
        Blocking.run(ctx, () -> keys.latestTrustListDocument().orElseThrow(() -> new Errors.HttpFailure(404, "NO_TRUST_LIST",
                        "no trust list is published yet; the programme office must generate a signing key first")))
                .onSuccess(doc -> ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(doc)))
                .onFailure(ctx::fail);
    }

    private void trustRoot(RoutingContext ctx) {
        reply(ctx, 200, () -> {
            var root = keys.root();
            return new JsonObject().put("algorithm", root.algorithm().name())
                    .put("publicKey", HexFormat.of().formatHex(root.publicKey()));
        });
    }

    /** A signing key's public parts: never the sealed private key. */
    static JsonObject key(SigningKey k) {
        return new JsonObject().put("keyId", k.keyId().toHex()).put("algorithm", k.algorithm().name())
                .put("publicKey", HexFormat.of().formatHex(k.publicKey())).put("validFrom", k.validFrom().toString())
                .put("validUntil", String.valueOf(k.validUntil())).put("status", k.status().name())
                .put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString());
    }
}
