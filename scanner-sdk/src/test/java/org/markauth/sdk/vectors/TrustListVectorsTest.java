package org.markauth.sdk.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.trust.TrustListException;
import org.markauth.sdk.trust.TrustListRefusal;
import org.markauth.sdk.trust.TrustListStore;
import org.markauth.sdk.trust.TrustRoot;

/** Reads docs/test-vectors/trust-lists.json and checks every document is accepted or refused as it says. */
class TrustListVectorsTest {

    @TempDir
    Path dir;

    @Test
    void publishedFileIsWhatTheGeneratorProduces() throws Exception {
        VectorFile.assertUpToDate(TrustListVectors.FILE, TrustListVectors.render(), "TrustListVectors");
    }

    @Test
    void everyDocumentIsAcceptedOrRefusedWithItsReason() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(TrustListVectors.FILE.toFile());
        List<TrustRoot> roots = List.of(new TrustRoot(SignatureAlgorithm.valueOf(doc.get("rootAlgorithm").asText()),
                HexFormat.of().parseHex(doc.get("rootPublicKey").asText())));
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonNode v : doc.get("vectors")) {
            String name = v.get("name").asText();
            byte[] bytes = bytes(v);
            String expected = v.get("expected").asText();
            seen.add(expected);
            Runnable offer;
            if (v.has("held")) {
                TrustListStore store = TrustListStore.open(dir.resolve("v" + i++), roots, Clock.fixed(MarkVectors.NOW, ZoneOffset.UTC));
                store.update(v.get("held").asText().getBytes(StandardCharsets.UTF_8));
                offer = () -> store.update(bytes);
            } else {
                offer = () -> TrustListCodec.decodeAndVerify(bytes, roots);
            }
            if (expected.equals("ACCEPTED")) {
                offer.run();
            } else {
                TrustListException e = catchThrowableOfType(offer::run, TrustListException.class);
                assertThat(e).as(name + ": refused").isNotNull();
                assertThat(e.refusal().name()).as(name + ": " + e.getMessage()).isEqualTo(expected);
            }
        }
        Set<String> refusals = new HashSet<>(Arrays.stream(TrustListRefusal.values()).map(Enum::name).toList());
        refusals.removeAll(Set.of("CACHE_IO", "FETCH_FAILED"));   // not properties of a document
        assertThat(seen).as("every refusal has a vector").containsAll(refusals);
    }

    private static byte[] bytes(JsonNode v) {
        String d = v.get("document").asText();
        if (v.has("padWithSpaces")) {
            d = d + " ".repeat(v.get("padWithSpaces").asInt());
        }
        return d.getBytes(StandardCharsets.UTF_8);
    }
}
