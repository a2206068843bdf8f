package org.markauth.issuer.trace.query;

import static org.markauth.http.RouteMetrics.named;
import static org.markauth.issuer.http.Requests.principal;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.markauth.access.Principal;
import org.markauth.issuer.http.Blocking;
import org.markauth.issuer.http.JsonBody;
import org.markauth.issuer.trace.Cbv;
import org.markauth.issuer.trace.EpcisDocuments;
import org.markauth.issuer.trace.UnitRef;

/**
 * The EPCIS 2.0 query interface as GS1's REST binding defines it ({@code REST Bindings/openapi.yaml}),
 * under {@code /api/v1/epcis} behind the issuer's bearer authentication (docs/api-trace.md, "Query"):
 * events with the standard query parameters, the top-level resources (event types, EPCs, business
 * steps, dispositions, locations), named queries and their subscriptions. Every response carries
 * {@code GS1-EPCIS-Version} and {@code GS1-CBV-Version}; a page that is not the last carries
 * {@code Link: <…&nextPageToken=…>; rel="next"} (the token is also in no body field: the binding puts
 * it in the link only). Errors use the issuer's envelope ({@code {"error", "message"}}), with codes named
 * after EPCIS's exceptions (QUERY_PARAMETER_UNSUPPORTED / _INVALID for QueryParameterException,
 * QUERY_TOO_LARGE for QueryTooLargeException (413), SUBSCRIPTION_CONTROLS_INVALID for
 * SubscriptionControlsException).
 */
public final class EpcisQueryRoutes {

    public static final String EPCIS_VERSION = "2.0.0";
    public static final String CBV_VERSION = "2.0.0";
    static final String BASE = "/api/v1/epcis";
    static final List<String> EVENT_TYPES = List.of("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
            "AssociationEvent");
    /** How many of the caller's latest events /bizLocations and /readPoints look through. */
    static final int SEEN = 1000;

    private final QueryEngine engine;
    private final NamedQueries queries;
    private final Subscriptions subscriptions;
    private final Clock clock;

    public EpcisQueryRoutes(QueryEngine engine, NamedQueries queries, Subscriptions subscriptions, Clock clock) {
        this.engine = engine;
        this.queries = queries;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    public void mount(Router r) {
        named(r.get(BASE + "/events"), "epcis-query").handler(ctx -> events(ctx, null, null));
        named(r.get(BASE + "/eventTypes"), "epcis-query").handler(ctx -> collectionResponse(ctx, EVENT_TYPES));
        named(r.get(BASE + "/eventTypes/:eventType/events"), "epcis-query").handler(ctx -> events(ctx, "eventType", "eventType"));
        named(r.get(BASE + "/epcs/:epc/events"), "epcis-query").handler(this::epcEvents);
        named(r.get(BASE + "/bizSteps"), "epcis-query").handler(ctx -> collectionResponse(ctx, new ArrayList<>(new TreeSet<>(Cbv.BIZ_STEPS))));
        named(r.get(BASE + "/bizSteps/:bizStep/events"), "epcis-query").handler(ctx -> events(ctx, "bizStep", "EQ_bizStep"));
        named(r.get(BASE + "/dispositions"), "epcis-query").handler(ctx -> collectionResponse(ctx, new ArrayList<>(new TreeSet<>(Cbv.DISPOSITIONS))));
        named(r.get(BASE + "/dispositions/:disposition/events"), "epcis-query").handler(ctx -> events(ctx, "disposition", "EQ_disposition"));
        named(r.get(BASE + "/bizLocations"), "epcis-query").handler(ctx -> seen(ctx, "bizLocation"));
        named(r.get(BASE + "/bizLocations/:bizLocation/events"), "epcis-query").handler(ctx -> events(ctx, "bizLocation", "EQ_bizLocation"));
        named(r.get(BASE + "/readPoints"), "epcis-query").handler(ctx -> seen(ctx, "readPoint"));
        named(r.get(BASE + "/readPoints/:readPoint/events"), "epcis-query").handler(ctx -> events(ctx, "readPoint", "EQ_readPoint"));
        named(r.post(BASE + "/queries"), "epcis-query").handler(this::createQuery);
        named(r.get(BASE + "/queries"), "epcis-query").handler(this::listQueries);
        named(r.get(BASE + "/queries/:queryName"), "epcis-query").handler(this::getQuery);
        named(r.delete(BASE + "/queries/:queryName"), "epcis-query").handler(this::deleteQuery);
        named(r.get(BASE + "/queries/:queryName/events"), "epcis-query").handler(this::queryEvents);
        named(r.post(BASE + "/queries/:queryName/subscriptions"), "epcis-query").handler(this::subscribe);
        named(r.get(BASE + "/queries/:queryName/subscriptions"), "epcis-query").handler(this::listSubscriptions);
        named(r.get(BASE + "/queries/:queryName/subscriptions/:subscriptionID"), "epcis-query").handler(this::getSubscription);
        named(r.delete(BASE + "/queries/:queryName/subscriptions/:subscriptionID"), "epcis-query").handler(this::unsubscribe);
    }

    // ------------------------------------------------------------------ events

    /** GET /events (and the /{resource}/{value}/events forms: {@code pathParam} adds {@code param} = its value). */
    private void events(RoutingContext ctx, String pathParam, String param) {
        Principal p = principal(ctx);
        Map<String, List<String>> raw = params(ctx.queryParams());
        boolean legacy = pathParam == null && EpcisQuery.LEGACY.stream().anyMatch(raw::containsKey);
        if (pathParam != null) {
            if (raw.containsKey(param)) {
                ctx.fail(EpcisQuery.bad(param, "is given by the path already; leave it out of the query string"));
                return;
            }
            raw.put(param, List.of(ctx.pathParam(pathParam)));
        }
        Integer perPage = perPage(ctx);
        String token = ctx.request().getParam("nextPageToken");
        run(ctx, () -> {
            EpcisQuery q = EpcisQuery.fromQueryString(raw, legacy);
            UnitRef unit = null;
            if (legacy && raw.containsKey("epc")) {
                if (raw.containsKey("from") || raw.containsKey("to")) {
                    throw EpcisQuery.bad("epc", "cannot be combined with from/to: a unit's export is its whole path");
                }
                String epc = raw.get("epc").get(0);
                unit = engine.unitOf(epc).orElseThrow(() -> EpcisQuery.bad("epc", "must name a programme mark (its code or "
                        + UnitRef.URN_PREFIX + "…); for other EPCs use MATCH_anyEPC"));
            }
            QueryEngine.Page page = engine.run(p, q, unit, perPage, token);
            return new Answer(legacy ? QueryDocuments.document(page.events(), clock.instant())
                    : QueryDocuments.queryDocument(QueryDocuments.SIMPLE_EVENT_QUERY, null, page.events(), clock.instant()),
                    page.nextPageToken());
        });
    }

    /** GET /epcs/{epc}/events: a programme mark's path (events_by_unit); any other EPC as MATCH_anyEPC over the default window. */
    private void epcEvents(RoutingContext ctx) {
        Principal p = principal(ctx);
        String epc = ctx.pathParam("epc");
        Map<String, List<String>> raw = params(ctx.queryParams());
        Integer perPage = perPage(ctx);
        String token = ctx.request().getParam("nextPageToken");
        run(ctx, () -> {
            Optional<UnitRef> unit = engine.unitOf(epc);
            if (unit.isEmpty()) {
                if (raw.containsKey("MATCH_anyEPC")) {
                    throw EpcisQuery.bad("MATCH_anyEPC", "is given by the path already; leave it out of the query string");
                }
                raw.put("MATCH_anyEPC", List.of(epc));
            }
            EpcisQuery q = EpcisQuery.fromQueryString(raw, false);
            QueryEngine.Page page = engine.run(p, q, unit.orElse(null), perPage, token);
            return new Answer(QueryDocuments.queryDocument(QueryDocuments.SIMPLE_EVENT_QUERY, null, page.events(), clock.instant()),
                    page.nextPageToken());
        });
    }

    /** GET /bizLocations, /readPoints: the locations in the caller's latest events (at most {@link #SEEN}, last 30 days). */
    private void seen(RoutingContext ctx, String field) {
        Principal p = principal(ctx);
        Map<String, List<String>> raw = params(ctx.queryParams());
        if (!raw.isEmpty()) {
            ctx.fail(EpcisQuery.bad(raw.keySet().iterator().next(), "is not taken here; this list has one page"));
            return;
        }
        Blocking.run(ctx, () -> {
            EpcisQuery q = EpcisQuery.fromQueryString(Map.of("orderBy", List.of("eventTime")), false);
            TreeSet<String> ids = new TreeSet<>();
            engine.run(p, q, null, SEEN, null).events().forEach(e -> {
                String id = EventFilter.id(e.body(), field);
                if (id != null) {
                    ids.add(id);
                }
            });
            return new ArrayList<>(ids);
        }).onSuccess(list -> collectionResponse(ctx, list)).onFailure(ctx::fail);
    }

    private static void collectionResponse(RoutingContext ctx, List<String> members) {
        JsonObject body = new JsonObject().put("@context", EpcisDocuments.CONTEXT.copy()).put("type", "Collection")
                .put("member", new JsonArray(new ArrayList<>(members)));
        versions(ctx).putHeader("Content-Type", "application/json").end(body.encode());
    }

    // ------------------------------------------------------------------ named queries

    private void createQuery(RoutingContext ctx) {
        Principal p = principal(ctx);
        JsonObject b = JsonBody.object(ctx);
        Blocking.run(ctx, () -> queries.create(p, b)).onSuccess(n -> versions(ctx).setStatusCode(201)
                .putHeader("Location", BASE + "/queries/" + n.name()).putHeader("Content-Type", "application/json")
                .end(json(n).encode())).onFailure(ctx::fail);
    }

    private void listQueries(RoutingContext ctx) {
        Principal p = principal(ctx);
        Blocking.run(ctx, () -> queries.list(p)).onSuccess(list -> {
            JsonArray a = new JsonArray();
            list.forEach(n -> a.add(json(n)));
            versions(ctx).putHeader("Content-Type", "application/json").end(a.encode());
        }).onFailure(ctx::fail);
    }

    private void getQuery(RoutingContext ctx) {
        Principal p = principal(ctx);
        String name = ctx.pathParam("queryName");
        Blocking.run(ctx, () -> queries.get(p, name)).onSuccess(n -> versions(ctx).putHeader("Content-Type", "application/json")
                .end(json(n).encode())).onFailure(ctx::fail);
    }

    private void deleteQuery(RoutingContext ctx) {
        Principal p = principal(ctx);
        String name = ctx.pathParam("queryName");
        Blocking.run(ctx, () -> {
            queries.delete(p, name);
            return null;
        }).onSuccess(x -> versions(ctx).setStatusCode(204).end()).onFailure(ctx::fail);
    }

    /** GET /queries/{name}/events: the saved query, paged (only perPage and nextPageToken are taken). */
    private void queryEvents(RoutingContext ctx) {
        Principal p = principal(ctx);
        String name = ctx.pathParam("queryName");
        Map<String, List<String>> raw = params(ctx.queryParams());
        if (!raw.isEmpty()) {
            ctx.fail(EpcisQuery.bad(raw.keySet().iterator().next(), "is not taken by a named query's events (its parameters are "
                    + "saved with it; only perPage and nextPageToken are); WebSocket subscriptions are not offered: subscribe with "
                    + "POST " + BASE + "/queries/" + name + "/subscriptions"));
            return;
        }
        Integer perPage = perPage(ctx);
        String token = ctx.request().getParam("nextPageToken");
        run(ctx, () -> {
            NamedQueries.Named n = queries.get(p, name);
            QueryEngine.Page page = engine.run(p, n.query(), null, perPage, token);
            return new Answer(QueryDocuments.queryDocument(name, null, page.events(), clock.instant()), page.nextPageToken());
        });
    }

    static JsonObject json(NamedQueries.Named n) {
        return new JsonObject().put("name", n.name()).put("query", n.query().toJson()).put("createdAt", n.createdAt().toString());
    }

    // ------------------------------------------------------------------ subscriptions

    private void subscribe(RoutingContext ctx) {
        Principal p = principal(ctx);
        String name = ctx.pathParam("queryName");
        JsonObject b = JsonBody.object(ctx);
        Blocking.run(ctx, () -> subscriptions.create(p, name, b)).onSuccess(v -> versions(ctx).setStatusCode(201)
                .putHeader("Location", BASE + "/queries/" + name + "/subscriptions/" + v.subscription().id())
                .putHeader("Content-Type", "application/json").end(json(v).encode())).onFailure(ctx::fail);
    }

    private void listSubscriptions(RoutingContext ctx) {
        Principal p = principal(ctx);
        String name = ctx.pathParam("queryName");
        Blocking.run(ctx, () -> subscriptions.list(p, name)).onSuccess(list -> {
            JsonArray a = new JsonArray();
            list.forEach(v -> a.add(json(v)));
            versions(ctx).putHeader("Content-Type", "application/json").end(a.encode());
        }).onFailure(ctx::fail);
    }

    private void getSubscription(RoutingContext ctx) {
        Principal p = principal(ctx);
        Blocking.run(ctx, () -> subscriptions.get(p, ctx.pathParam("queryName"), ctx.pathParam("subscriptionID")))
                .onSuccess(v -> versions(ctx).putHeader("Content-Type", "application/json").end(json(v).encode())).onFailure(ctx::fail);
    }

    private void unsubscribe(RoutingContext ctx) {
        Principal p = principal(ctx);
        Blocking.run(ctx, () -> {
            subscriptions.delete(p, ctx.pathParam("queryName"), ctx.pathParam("subscriptionID"));
            return null;
        }).onSuccess(x -> versions(ctx).setStatusCode(204).end()).onFailure(ctx::fail);
    }

    /** A subscription as the binding shows it (AbstractQuerySubscriptionResponse): never the signatureToken. */
    static JsonObject json(Subscriptions.View v) {
        Subscriptions.Subscription s = v.subscription();
        Subscriptions.State st = v.state();
        JsonObject o = new JsonObject().put("subscriptionID", s.id().toString()).put("queryName", s.queryName()).put("dest", s.dest())
                .put("createdAt", s.createdAt().toString()).put("initialRecordTime", s.initialRecordTime().toString())
                .put("signed", s.sealedToken() != null);
        if (st.cursorTime() != null) {
            o.put("minRecordTime", st.cursorTime().toString());
        }
        if (st.lastNotifiedAt() != null) {
            o.put("lastNotifiedAt", st.lastNotifiedAt().toString());
        }
        if (s.stream()) {
            o.put("stream", true);
        } else {
            o.put("schedule", s.schedule().toJson()).put("reportIfEmpty", s.reportIfEmpty());
        }
        if (st.lastError() != null) {
            o.put("lastError", st.lastError()).put("failedAttempts", st.attempts())
                    .put("nextAttemptAt", st.nextAt() == null ? null : st.nextAt().toString());
        }
        return o;
    }

    // ------------------------------------------------------------------ plumbing

    /** A query document and the token of its next page. */
    private record Answer(JsonObject document, String next) {
    }

    private void run(RoutingContext ctx, Callable<Answer> call) {
        Blocking.run(ctx, call).onSuccess(a -> {
            var resp = versions(ctx).putHeader("Content-Type", "application/ld+json");
            if (a.next() != null) {
                resp.putHeader("Link", "<" + nextLink(ctx, a.next()) + ">; rel=\"next\"");
            }
            resp.end(a.document().encode());
        }).onFailure(ctx::fail);
    }

    /** The request's own path and parameters with {@code nextPageToken} replaced. */
    static String nextLink(RoutingContext ctx, String token) {
        StringBuilder s = new StringBuilder(ctx.request().path()).append('?');
        ctx.queryParams().forEach((k, v) -> {
            if (!k.equals("nextPageToken")) {
                s.append(enc(k)).append('=').append(enc(v)).append('&');
            }
        });
        return s.append("nextPageToken=").append(enc(token)).toString();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    private static io.vertx.core.http.HttpServerResponse versions(RoutingContext ctx) {
        return ctx.response().putHeader("GS1-EPCIS-Version", EPCIS_VERSION).putHeader("GS1-CBV-Version", CBV_VERSION);
    }

    private static Integer perPage(RoutingContext ctx) {
        String v = ctx.request().getParam("perPage");
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw EpcisQuery.bad("perPage", "must be a whole number from 1 to " + QueryEngine.MAX_PER_PAGE + ", got '"
                    + EpcisQuery.shorten(v) + "'");
        }
    }

    private static Map<String, List<String>> params(MultiMap m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : m.names()) {
            if (!EpcisQuery.PAGING.contains(name)) {
                out.put(name, new ArrayList<>(m.getAll(name)));
            }
        }
        return out;
    }
}
