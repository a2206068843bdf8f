package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.markauth.issuer.app.IssuerRouter;
import org.markauth.config.HttpSettings;
import org.markauth.issuer.clones.ClonesApi;
import org.markauth.issuer.trace.TraceApi;

/**
 * The served OpenAPI document lists exactly the API's routes (the core API, the trace and the
 * clones routes mounted as in IssuerRouter.full). The console's pages are checked the same way in ConsoleIT, because
 * building the console prepares statements.
 */
class OpenApiRoutesTest {

    @Test
    void theOpenApiDocumentListsEveryApiRouteAndNoOther() {
        Vertx vertx = Vertx.vertx();
        try {
            HttpSettings http = new HttpSettings("127.0.0.1", 0, 1024, Duration.ofSeconds(5), "http://127.0.0.1");
            // the route table needs no services: handlers reach them only when a request comes
            Set<String> routed = OpenApiRoutes.routed(IssuerRouter.api(vertx, null, http)
                    .mount(IssuerRouter.trace(vertx, null)::mount).mount(IssuerRouter.clones(vertx, null)::mount).router());
            Set<String> documented = OpenApiRoutes.documented().stream().filter(r -> !r.contains(" /console") && !r.contains(" /portal"))
                    .collect(Collectors.toSet());
            assertThat(routed).contains("POST /api/v1/epcis/capture", "GET /api/v1/recalls/{recallId}",
                    "GET /api/v1/licensees/{licenseeId}");
            assertThat(documented).containsExactlyInAnyOrderElementsOf(routed);
        } finally {
            vertx.close().await();
        }
    }
}
