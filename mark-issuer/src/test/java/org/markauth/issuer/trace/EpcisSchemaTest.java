package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** GS1's own EPCIS 2.0 examples are valid against GS1's own JSON schema, as published (the helper is sound). */
class EpcisSchemaTest {

    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/gs1/JSON"))) {
            return s.filter(p -> p.toString().endsWith(".jsonld")).sorted().toList();
        }
    }

    @Test
    void everyVendoredExampleValidates() throws IOException {
        List<Path> files = examples();
        assertThat(files).hasSize(47);
        for (Path f : files) {
            assertThat(EpcisSchema.errors(Files.readString(f))).as(f.toString()).isEmpty();
        }
    }

    @Test
    void theSchemaRefusesWhatEpcis20Refuses() throws IOException {
        JsonObject doc = new JsonObject(Files.readString(Path.of("src/test/resources/gs1/JSON/Example_9.6.1-ObjectEvent.jsonld")));
        JsonArray events = doc.getJsonObject("epcisBody").getJsonArray("eventList");
        JsonObject noTime = doc.copy();
        noTime.getJsonObject("epcisBody").getJsonArray("eventList").getJsonObject(0).remove("eventTime");
        assertThat(EpcisSchema.errors(noTime)).isNotEmpty();
        JsonObject badStep = doc.copy();
        badStep.getJsonObject("epcisBody").getJsonArray("eventList").getJsonObject(0).put("bizStep", "made_up_step");
        assertThat(EpcisSchema.errors(badStep)).isNotEmpty();
        assertThat(events).isNotEmpty();
    }
}
