package org.markauth.issuer.audit;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.JsonCodec.text;
import static org.markauth.issuer.http.Requests.limit;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.http.JsonCodec;

/** The audit trail over HTTP, for the regulator: one UTC day's entries, or one entity's. */
public final class AuditRoutes {

    private final ChangeRecorder changes;
    private final Clock clock;

    public AuditRoutes(ChangeRecorder changes, Clock clock) {
        this.changes = changes;
        this.clock = clock;
    }

    public void mount(Router r) {
        named(r.get("/api/v1/audit"), "audit").handler(this::auditDay);
        named(r.get("/api/v1/audit/:entity"), "audit").handler(this::auditEntity);
    }

    private void auditDay(RoutingContext ctx) {
        Principal p = principal(ctx);
        Permissions.requireRole(p, "read the audit trail", Role.REGULATOR);
        String d = ctx.queryParams().get("day");
        LocalDate day;
        try {
            day = d == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : LocalDate.parse(d);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("day must be YYYY-MM-DD, got '" + d + "'");
        }
        int limit = limit(ctx);
        reply(ctx, 200, () -> JsonCodec.array(changes.day(day, limit), AuditRoutes::audit));
    }

    private void auditEntity(RoutingContext ctx) {
        Principal p = principal(ctx);
        Permissions.requireRole(p, "read the audit trail", Role.REGULATOR);
        String entity = ctx.pathParam("entity");
        int limit = limit(ctx);
        reply(ctx, 200, () -> JsonCodec.array(changes.entity(entity, limit), AuditRoutes::audit));
    }

    static JsonObject audit(AuditEntry a) {
        return new JsonObject().put("at", text(a.at())).put("actor", a.actor()).put("action", a.action())
                .put("entity", a.entity()).put("detail", a.detail());
    }
}
