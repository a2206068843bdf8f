package org.markauth.issuer.registry;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Blocking.reply;
import static org.markauth.issuer.http.JsonCodec.integer;
import static org.markauth.issuer.http.JsonCodec.requiredString;
import static org.markauth.issuer.http.JsonCodec.string;
import static org.markauth.issuer.http.JsonCodec.stringList;
import static org.markauth.issuer.http.JsonCodec.stringMap;
import static org.markauth.issuer.http.JsonCodec.text;
import static org.markauth.issuer.http.Requests.intParam;
import static org.markauth.issuer.http.Requests.limit;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import org.markauth.access.Principal;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.http.JsonCodec;
import org.markauth.issuer.http.Requests;
import org.markauth.registry.LicenceStatus;

/**
 * The registry over HTTP (docs/api-issuer.md): licensees, their products, and each product's
 * licence with its history. Mounted behind the API's authentication; the registry checks roles.
 */
public final class RegistryRoutes {

    private final Registry registry;

    public RegistryRoutes(Registry registry) {
        this.registry = registry;
    }

    public void mount(Router r) {
        named(r.post("/api/v1/licensees"), "registry").handler(this::createLicensee);
        named(r.get("/api/v1/licensees"), "registry").handler(this::listLicensees);
        named(r.get("/api/v1/licensees/:licenseeId"), "registry").handler(this::getLicensee);
        named(r.put("/api/v1/licensees/:licenseeId"), "registry").handler(this::updateLicensee);
        named(r.post("/api/v1/licensees/:licenseeId/blacklist"), "registry").handler(this::blacklist);
        named(r.put("/api/v1/licensees/:licenseeId/gs1-company-prefix"), "registry").handler(this::gs1CompanyPrefix);
        named(r.get("/api/v1/licensees/:licenseeId/products"), "registry").handler(this::listProducts);
        named(r.post("/api/v1/products"), "registry").handler(this::createProduct);
        named(r.get("/api/v1/products/:productId"), "registry").handler(this::getProduct);
        named(r.put("/api/v1/products/:productId"), "registry").handler(this::updateProduct);
        named(r.put("/api/v1/products/:productId/licence"), "registry").handler(this::grantLicence);
        named(r.get("/api/v1/products/:productId/licence"), "registry").handler(this::getLicence);
        named(r.post("/api/v1/products/:productId/licence/status"), "registry").handler(this::changeLicence);
        named(r.get("/api/v1/products/:productId/licence/history"), "registry").handler(this::licenceHistory);
    }

    private void createLicensee(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        reply(ctx, 201, () -> licensee(registry.createLicensee(p, licenseeDetails(requiredString(b, "licenseeId"), b))));
    }

    private void listLicensees(RoutingContext ctx) {
        Principal p = principal(ctx);
        int limit = limit(ctx);
        reply(ctx, 200, () -> JsonCodec.array(registry.licensees(p, limit), RegistryRoutes::licensee));
    }

    private void getLicensee(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("licenseeId");
        reply(ctx, 200, () -> licensee(registry.licensee(p, id)));
    }

    private void updateLicensee(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String id = ctx.pathParam("licenseeId");
        reply(ctx, 200, () -> licensee(registry.updateLicensee(p, licenseeDetails(id, b))));
    }

    private void blacklist(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String id = ctx.pathParam("licenseeId");
        boolean on = JsonCodec.bool(b, "blacklisted", true);
        reply(ctx, 200, () -> licensee(registry.setBlacklisted(p, id, on, string(b, "reason"))));
    }

    private void gs1CompanyPrefix(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        String id = ctx.pathParam("licenseeId");
        if (!b.containsKey("gs1CompanyPrefix")) {
            throw new IllegalArgumentException("gs1CompanyPrefix is required: the prefix's digits, or null to remove it");
        }
        String prefix = string(b, "gs1CompanyPrefix");
        reply(ctx, 200, () -> licensee(registry.setGs1CompanyPrefix(p, id, prefix)));
    }

    private void listProducts(RoutingContext ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("licenseeId");
        reply(ctx, 200, () -> JsonCodec.array(registry.products(p, id), RegistryRoutes::product));
    }

    private void createProduct(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        requiredString(b, "licenseeId");   // named before the registry looks the licensee up (a null key is no query)
        reply(ctx, 201, () -> product(registry.createProduct(p, productDetails(integer(b, "productId", 0), b))));
    }

    private void getProduct(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "productId");
        reply(ctx, 200, () -> product(registry.product(p, id)));
    }

    private void updateProduct(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        int id = intParam(ctx, "productId");
        reply(ctx, 200, () -> product(registry.updateProduct(p, productDetails(id, b))));
    }

    private void grantLicence(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        int id = intParam(ctx, "productId");
        reply(ctx, 200, () -> licence(registry.grantLicence(p, id, requiredString(b, "licenceNo"),
                JsonCodec.instant(b, "validFrom"), JsonCodec.instant(b, "validUntil"), string(b, "reason"))));
    }

    private void getLicence(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "productId");
        reply(ctx, 200, () -> licence(registry.licence(p, id)));
    }

    private void changeLicence(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        int id = intParam(ctx, "productId");
        LicenceStatus to = Requests.enumValue(LicenceStatus.class, requiredString(b, "status"), "status");
        reply(ctx, 200, () -> licence(registry.changeLicenceStatus(p, id, to, string(b, "reason"))));
    }

    private void licenceHistory(RoutingContext ctx) {
        Principal p = principal(ctx);
        int id = intParam(ctx, "productId");
        int limit = limit(ctx);
        reply(ctx, 200, () -> JsonCodec.array(registry.licenceHistory(p, id, limit), RegistryRoutes::change));
    }

    // ------------------------------------------------------------------ JSON

    static JsonObject licensee(Licensee l) {
        return new JsonObject().put("licenseeId", l.licenseeId()).put("name", l.name()).put("nameEn", l.nameEn())
                .put("uscc", l.uscc()).put("address", l.address()).put("contacts", new JsonObject(new LinkedHashMap<>(l.contacts())))
                .put("blacklisted", l.blacklisted()).put("blacklistReason", l.blacklistReason())
                .put("blacklistedSince", text(l.blacklistedSince())).put("createdAt", text(l.createdAt()))
                .put("updatedAt", text(l.updatedAt())).put("gs1CompanyPrefix", l.gs1CompanyPrefix());
    }

    static JsonObject product(Product p) {
        return new JsonObject().put("productId", p.productId()).put("licenseeId", p.licenseeId()).put("name", p.name())
                .put("nameEn", p.nameEn()).put("model", p.model()).put("category", p.category()).put("gtin", p.gtin())
                .put("standardNo", p.standardNo()).put("standardTitle", p.standardTitle())
                .put("coreIndicators", new JsonObject(new LinkedHashMap<>(p.coreIndicators())))
                .put("photoUrls", new JsonArray(List.copyOf(p.photoUrls())))
                .put("marketRegions", new JsonArray(List.copyOf(p.marketRegions())))
                .put("createdAt", text(p.createdAt())).put("updatedAt", text(p.updatedAt()));
    }

    static JsonObject licence(Licence l) {
        return new JsonObject().put("productId", l.productId()).put("licenceNo", l.licenceNo()).put("licenseeId", l.licenseeId())
                .put("validFrom", text(l.validFrom())).put("validUntil", text(l.validUntil())).put("status", l.status().name())
                .put("statusSince", text(l.statusSince())).put("statusReason", l.statusReason());
    }

    static JsonObject change(LicenceChange c) {
        return new JsonObject().put("at", text(c.at())).put("actor", c.actor())
                .put("from", c.from() == null ? null : c.from().name()).put("to", c.to().name()).put("reason", c.reason());
    }

    static Licensee.Details licenseeDetails(String id, JsonObject j) {
        return new Licensee.Details(id, string(j, "name"), string(j, "nameEn"), string(j, "uscc"), string(j, "address"),
                stringMap(j, "contacts"));
    }

    static Product.Details productDetails(int id, JsonObject j) {
        return new Product.Details(id, string(j, "licenseeId"), string(j, "name"), string(j, "nameEn"), string(j, "model"),
                string(j, "category"), string(j, "gtin"), string(j, "standardNo"), string(j, "standardTitle"),
                stringMap(j, "coreIndicators"), stringList(j, "photoUrls"), new HashSet<>(stringList(j, "marketRegions")));
    }
}
