package org.markauth.issuer.trace;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * GS1's EPCIS 2.0 JSON schema (the inlined EPCIS-JSON-Schema.json, draft-07, vendored under
 * src/test/resources/gs1/JSON-Schema) as a test helper: the errors of a document, or none. One instance per JVM;
 * the compiled schema is immutable and safe to share between tests.
 */
public final class EpcisSchema {

    private static final Schema SCHEMA = load();

    private EpcisSchema() {
    }

    private static Schema load() {
        try (InputStream in = EpcisSchema.class.getResourceAsStream("/gs1/JSON-Schema/EPCIS-JSON-Schema.json")) {
            if (in == null) {
                throw new IllegalStateException("gs1/JSON-Schema/EPCIS-JSON-Schema.json is missing from the test classpath");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about a document (EPCISDocument or EPCISQueryDocument), each "path: message". */
    public static List<String> errors(String json) {
        return SCHEMA.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    public static List<String> errors(JsonObject document) {
        return errors(document.encode());
    }
}
