package org.markauth.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.markauth.drills.Endpoint.Auth;
import org.markauth.drills.Endpoint.Param;

/** The hostile drill's route list, read from both services' OpenAPI documents, and the bodies made from their schemas. */
class ApiCatalogueTest {

    static final List<Endpoint> ALL = ApiCatalogue.all();

    static Endpoint route(String label) {
        return ALL.stream().filter(e -> e.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError(label + " not in the catalogue"));
    }

    @Test
    void everyOperationOfBothDocumentsIsListedOnce() {
        List<String> listed = ALL.stream().filter(Endpoint::listed).map(Endpoint::label).toList();
        assertThat(listed).doesNotHaveDuplicates();
        assertThat(listed).contains("verify GET /api/v1/verify", "verify POST /api/v1/verify/batch", "verify POST /report",
                "verify GET /metrics", "verify GET /draws/{id}/snapshot.json", "verify GET /api/v1/draws/{id}",
                "issuer POST /api/v1/batches", "issuer GET /api/v1/batches/{batchId}/print/{file}",
                "issuer PUT /api/v1/products/{productId}/clone-rules", "issuer POST /console/blocks/unblock", "issuer GET /openapi.yaml");
        assertThat(listed.stream().filter(l -> l.startsWith("verify "))).hasSizeGreaterThanOrEqualTo(14);
        assertThat(listed.stream().filter(l -> l.startsWith("issuer "))).hasSizeGreaterThanOrEqualTo(72);   // /metrics left the document: it has its own port
    }

    @Test
    void securityComesFromTheDocumentAndTheOperation() {
        assertThat(route("issuer POST /api/v1/batches").auth()).isEqualTo(Auth.BEARER);   // the document's default
        assertThat(route("issuer GET /health").auth()).isEqualTo(Auth.NONE);              // security: []
        assertThat(route("issuer GET /api/v1/trust-list").auth()).isEqualTo(Auth.NONE);
        assertThat(route("issuer GET /console/alerts").auth()).isEqualTo(Auth.SESSION);
        assertThat(route("issuer POST /console/login").auth()).isEqualTo(Auth.NONE);
        assertThat(route("verify GET /api/v1/verify").auth()).isEqualTo(Auth.NONE);       // no default in verify-api's
        assertThat(route("verify GET /api/v1/officer/units/{batchId}/{serial}").auth()).isEqualTo(Auth.BEARER);
    }

    @Test
    void parametersAndBodiesAreResolved() {
        Endpoint print = route("issuer GET /api/v1/batches/{batchId}/print/{file}");
        assertThat(print.pathParams()).extracting(Param::name).containsExactly("batchId", "file");
        assertThat(print.queryParams()).extracting(Param::name).containsExactly("from", "to", "dpi");
        assertThat(print.pathParams().get(0).type()).isEqualTo("integer");
        Endpoint order = route("issuer POST /api/v1/batches");
        assertThat(order.body().json()).isTrue();
        assertThat(Bodies.required(order.body().schema())).contains("productId", "quantity", "productionDate");   // via $ref
        assertThat(route("issuer POST /console/recalls").body().form()).isTrue();
        assertThat(route("verify POST /report").body().multipart()).isTrue();
        assertThat(route("issuer GET /api/v1/keys").body()).isNull();
    }

    @Test
    void unlistedRoutesAreOnBothServices() {
        assertThat(ALL.stream().filter(e -> !e.listed()).map(Endpoint::label))
                .contains("verify GET /m/{payload}", "verify GET /catalogue", "verify GET /openapi.yaml", "issuer GET /favicon.ico",
                        "verify GET /favicon.ico", "issuer DELETE /api/v1/trust-list");
    }

    @Test
    void aValidBodyHasEveryPropertyAndWrongTypesAreWrong() {
        Map<String, Object> schema = route("issuer POST /api/v1/batches").body().schema();
        JsonObject valid = (JsonObject) Bodies.valid(schema, null, Map.of("quantity", 3), new SplittableRandom(1));
        assertThat(valid.fieldNames()).containsAll(Bodies.required(schema));
        assertThat(valid.getInteger("quantity")).isEqualTo(3);
        assertThat(valid.getString("productionDate")).matches("\\d{4}-\\d\\d-\\d\\d");   // format: date
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            Object number = Bodies.wrongType(Map.of("type", "integer"), r);
            Object text = Bodies.wrongType(Map.of("type", "string"), r);
            Object list = Bodies.wrongType(Map.of("type", "array"), r);
            assertThat(number instanceof Integer).as("integer's wrong value %s", number).isFalse();   // null is wrong too
            assertThat(text instanceof String).as("string's wrong value %s", text).isFalse();
            assertThat(list instanceof JsonArray).as("array's wrong value %s", list).isFalse();
        }
    }
}
