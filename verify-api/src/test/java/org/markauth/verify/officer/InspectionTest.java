package org.markauth.verify.officer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** An inspection body with fields missing or of the wrong type is a refusal the handler turns into a 400, never a 500. */
class InspectionTest {

    @Test
    void missingOrWrongFieldsAreRefusalsWithASentence() {
        assertThatThrownBy(() -> Inspection.fromJson(new JsonObject())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind must be one of");
        assertThatThrownBy(() -> Inspection.fromJson(new JsonObject().put("kind", "INSPECTION")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("result must be one of");
        assertThatThrownBy(() -> Inspection.fromJson(new JsonObject().put("kind", 7).put("result", "PASSED")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("kind must be a string");
        assertThatThrownBy(() -> Inspection.fromJson(new JsonObject().put("kind", "INSPECTION").put("result", "PASSED")
                .put("note", "x".repeat(2001)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCompleteBodyIsAnInspection() {
        Inspection i = Inspection.fromJson(new JsonObject().put("kind", "SEIZURE").put("result", "SEIZED").put("place", "Hall 3"));
        assertThat(i.kind()).isEqualTo("SEIZURE");
        assertThat(i.note()).isNull();
    }
}
