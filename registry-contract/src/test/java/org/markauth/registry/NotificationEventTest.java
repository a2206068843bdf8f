package org.markauth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationEventTest {

    @Test
    void theBucketIsTheUtcHourOfTheEvent() {
        assertThat(NotificationEvent.bucket(Instant.parse("2026-12-06T20:59:59.999Z"))).isEqualTo("2026-12-06T20");
        assertThat(NotificationEvent.bucket(Instant.parse("2026-12-06T21:00:00Z"))).isEqualTo("2026-12-06T21");
    }

    @Test
    void typesHaveTheContractsWireNames() {
        assertThat(NotificationEvent.Type.wires()).containsExactly("alert.raised", "report.received", "recall.issued",
                "recall.requested", "recall.decided", "licence.changed", "complaint.assigned", "licence.renewal-due");
        assertThat(NotificationEvent.Type.ofWire("licence.changed")).isEqualTo(NotificationEvent.Type.LICENCE_CHANGED);
        assertThatThrownBy(() -> NotificationEvent.Type.ofWire("licence.change")).hasMessageContaining("licence.changed");
    }

    @Test
    void theJsonIsTheContractsShapeWithTextEscaped() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", "a \"quoted\" line\nand\u0001more");
        data.put("batchIds", List.of(1, 2));
        data.put("none", null);
        data.put("nested", Map.of("ok", true));
        NotificationEvent e = new NotificationEvent(UUID.fromString("00000000-0000-0000-0000-000000000001"),
                NotificationEvent.Type.RECALL_ISSUED, Instant.parse("2026-12-06T20:15:46.120Z"), "ACME", 7, null, data);
        assertThat(e.toJson()).isEqualTo("{\"id\":\"00000000-0000-0000-0000-000000000001\",\"type\":\"recall.issued\","
                + "\"occurredAt\":\"2026-12-06T20:15:46.120Z\",\"licenseeId\":\"ACME\",\"productId\":7,\"batchId\":null,"
                + "\"data\":{\"reason\":\"a \\\"quoted\\\" line\\nand\\u0001more\",\"batchIds\":[1,2],\"none\":null,"
                + "\"nested\":{\"ok\":true}}}");
        assertThat(e.insertValues()).hasSize(8).startsWith("2026-12-06T20");
    }
}
