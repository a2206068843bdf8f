package org.markauth.sdk.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.sdk.verify.OfflineVerifier;

/** Reads the published vectors (docs/test-vectors/status-lists.json) and checks each rule they state. */
class StatusListVectorsTest {

    @TempDir
    Path dir;

    @Test
    void publishedFileIsWhatTheGeneratorProduces() throws Exception {
        assertThat(Files.readString(StatusListVectors.FILE, StandardCharsets.UTF_8))
                .as("docs/test-vectors/status-lists.json is stale; regenerate it (see StatusListVectors)")
                .isEqualTo(StatusListVectors.render());
    }

    @Test
    void everyVectorHoldsFromTheFileAlone() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(StatusListVectors.FILE.toFile());
        HexFormat hex = HexFormat.of();
        List<TrustRoot> roots = List.of(new TrustRoot(SignatureAlgorithm.ED25519, hex.parseHex(doc.get("rootPublicKey").asText())));
        byte[] full1 = hex.parseHex(doc.get("full1").get("document").asText());
        byte[] delta = hex.parseHex(doc.get("delta1to2").get("document").asText());
        byte[] full2 = hex.parseHex(doc.get("full2").get("document").asText());
        for (String name : List.of("full1", "delta1to2", "full2")) {
            JsonNode v = doc.get(name);
            StatusDocument d = StatusListCodec.decodeAndVerify(hex.parseHex(v.get("document").asText()), roots);
            assertThat(d.sequence()).as(name).isEqualTo(v.get("sequence").asLong());
            assertThat(d.baseSequence()).as(name).isEqualTo(v.get("baseSequence").asLong());
            assertThat(hex.formatHex(d.stateDigest())).as(name).isEqualTo(v.get("stateDigest").asText());
        }
        StatusListStore store = StatusListStore.open(dir, roots);
        store.update(full1);
        StatusList applied = store.update(delta).list();
        assertThat(applied).isEqualTo(StatusListCodec.decodeAndVerify(full2, roots).asFullList());
        for (JsonNode bad : doc.get("invalid")) {
            assertThatThrownBy(() -> StatusListCodec.decodeAndVerify(hex.parseHex(bad.get("document").asText()), roots))
                    .as(bad.get("name").asText()).isInstanceOf(StatusListException.class)
                    .hasMessageContaining(bad.get("errorContains").asText());
        }
        for (JsonNode rule : doc.get("storeRules")) {
            StatusListStore s = StatusListStore.open(dir.resolve(rule.get("name").asText().replaceAll("[^a-z]", "")), roots);
            s.update(hex.parseHex(doc.get(rule.get("hold").asText()).get("document").asText()));
            byte[] offer = hex.parseHex(doc.get(rule.get("offer").asText()).get("document").asText());
            if ("refused".equals(rule.get("expected").asText())) {
                assertThatThrownBy(() -> s.update(offer)).as(rule.get("name").asText()).isInstanceOf(StatusListException.class);
            } else {
                assertThat(s.update(offer).changed()).as(rule.get("name").asText()).isFalse();
            }
        }
        OfflineVerifier verifier = OfflineVerifier.create(
                TrustListCodec.decodeAndVerify(doc.get("trustListDocument").asText().getBytes(StandardCharsets.US_ASCII), roots),
                OfflineVerifier.Options.defaults().withClock(Clock.fixed(Instant.parse(doc.get("now").asText()), ZoneOffset.UTC))
                        .withStatusList(applied));
        for (JsonNode m : doc.get("marks")) {
            assertThat(verifier.verify(m.get("input").asText()).code().name()).as(m.get("name").asText())
                    .isEqualTo(m.get("expected").asText());
        }
        assertThat(doc.get("marks")).hasSize(8);
    }
}
