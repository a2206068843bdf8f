package org.markauth.verify.officer;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.http.ApiError;
import org.markauth.http.BearerAuth;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;

/**
 * The officer's device keys (docs/api-verify.md, "Officer app"): register a phone's public key
 * (201 new, 200 the same key again, 409 when another officer holds it), list one's own, revoke
 * one's own (a regulator: any). A revoked key stays revoked: registering it again is refused and
 * the phone makes a new key.
 */
public final class DeviceHandlers {

    private final DeviceStore devices;
    private final BearerAuth<Principal> auth;

    public DeviceHandlers(DeviceStore devices, BearerAuth<Principal> auth) {
        this.devices = devices;
        this.auth = auth;
    }

    public void mount(Router r, Guards g) {
        named(r.post("/api/v1/officer/devices"), "officer").handler(g.json()).handler(g.authenticate()).handler(g.officer())
                .handler(this::register);
        named(r.get("/api/v1/officer/devices"), "officer").handler(g.authenticate()).handler(g.officer()).handler(this::list);
        named(r.delete("/api/v1/officer/devices/:deviceId"), "officer").handler(g.authenticate()).handler(g.officer())
                .handler(this::revoke);
    }

    void register(RoutingContext ctx) {
        JsonObject body = OfficerJson.object(ctx, ErrorCode.BAD_BODY, "send {\"publicKey\": \"<base64url SPKI>\", \"label\": \"…\"}");
        for (String k : body.fieldNames()) {
            if (!k.equals("publicKey") && !k.equals("label")) {
                throw new ApiError(ErrorCode.BAD_BODY, "unknown member '" + clip(k) + "'; send only publicKey and label");
            }
        }
        if (!(body.getValue("label") instanceof String label) || label.isBlank() || label.length() > 80) {
            throw ErrorCode.badParameter("label must be 1-80 characters naming the device (e.g. the phone's model)");
        }
        DeviceKey key;
        try {
            key = DeviceKey.parse(body.getValue("publicKey") instanceof String s ? s : null);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ErrorCode.BAD_DEVICE_KEY, e.getMessage());
        }
        String officer = auth.principal(ctx).userId();
        devices.register(key, officer, label.strip()).onSuccess(reg -> {
            DeviceStore.Device d = reg.device();
            if (!d.officer().equals(officer)) {
                ctx.fail(new ApiError(ErrorCode.DEVICE_TAKEN, null));
            } else if (d.revoked()) {
                ctx.fail(new ApiError(ErrorCode.DEVICE_REVOKED, d.id()));
            } else {
                JsonObject out = d.json();
                out.remove("revokedAt");
                OfficerJson.send(ctx, reg.created() ? 201 : 200, out);
            }
        }).onFailure(e -> OfficerJson.fail(ctx, e));
    }

    void list(RoutingContext ctx) {
        devices.of(auth.principal(ctx).userId())
                .onSuccess(l -> OfficerJson.send(ctx, 200, new JsonArray(l.stream().map(j -> (Object) j).toList())))
                .onFailure(e -> OfficerJson.fail(ctx, e));
    }

    void revoke(RoutingContext ctx) {
        String id = ctx.pathParam("deviceId");
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw ErrorCode.badParameter("deviceId must be 32 lowercase hex digits");
        }
        Principal p = auth.principal(ctx);
        devices.find(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "device " + id));
            }
            DeviceStore.Device d = found.get();
            if (!d.officer().equals(p.userId()) && !p.has(Role.REGULATOR)) {
                return Future.failedFuture(new ApiError(ErrorCode.DEVICE_NOT_YOURS, id));
            }
            return devices.revoke(d, p.userId());
        }).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(e -> OfficerJson.fail(ctx, e));
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
