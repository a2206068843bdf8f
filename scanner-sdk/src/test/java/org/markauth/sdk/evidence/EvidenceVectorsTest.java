package org.markauth.sdk.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustRoot;

class EvidenceVectorsTest {

    @Test
    void publishedVectorIsWhatTheGeneratorProduces() throws Exception {
        assertThat(Files.readString(EvidenceVectors.FILE, StandardCharsets.UTF_8)).as("docs/test-vectors/evidence.json is stale")
                .isEqualTo(EvidenceVectors.render());
    }

    @Test
    void everyCaseGivesExactlyItsFailedChecks() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(EvidenceVectors.FILE.toFile());
        List<TrustRoot> roots = List.of(new TrustRoot(SignatureAlgorithm.valueOf(doc.get("rootAlgorithm").asText()),
                HexFormat.of().parseHex(doc.get("rootPublicKey").asText())));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        doc.get("entries").fields().forEachRemaining(e -> entries.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
        Evidence e = Evidence.parse(entries.get("evidence.json"));
        assertThat(HexFormat.of().formatHex(e.signatureInput())).isEqualTo(doc.get("evidenceSignatureInput").asText());
        assertThat(HexFormat.of().formatHex(InspectionSignature.signatureInput(entries.get("record.json"))))
                .isEqualTo(doc.get("deviceSignatureInput").asText());
        assertThat(InspectionSignature.deviceId(Base64.getUrlDecoder().decode(doc.get("devicePublicKey").asText())))
                .isEqualTo(doc.get("deviceId").asText());
        assertThat(doc.get("cases")).hasSize(6);
        for (JsonNode c : doc.get("cases")) {
            Map<String, byte[]> m = new LinkedHashMap<>(entries);
            c.get("replace").fields().forEachRemaining(r -> m.put(r.getKey(), Base64.getDecoder().decode(r.getValue().asText())));
            c.get("add").fields().forEachRemaining(r -> m.put(r.getKey(), Base64.getDecoder().decode(r.getValue().asText())));
            EvidenceReport report = EvidenceVerifier.verify(EvidenceFixtures.zip(m), roots);
            List<String> expected = new ObjectMapper().convertValue(c.get("failed"), List.class);
            assertThat(report.failures().stream().map(EvidenceReport.Check::name).toList()).as(c.get("name").asText())
                    .containsExactlyElementsOf(expected);
        }
    }
}
