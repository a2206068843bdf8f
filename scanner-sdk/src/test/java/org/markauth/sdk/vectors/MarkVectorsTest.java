package org.markauth.sdk.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.Verdict;

/** Reads the published vectors (docs/test-vectors/marks.json) and checks every verdict. */
class MarkVectorsTest {

    @Test
    void publishedFileIsWhatTheGeneratorProduces() throws Exception {
        VectorFile.assertUpToDate(MarkVectors.FILE, MarkVectors.render(), "MarkVectors");
    }

    @Test
    void everyVectorGetsItsExpectedVerdictAndReason() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(MarkVectors.FILE.toFile());
        TrustRoot root = new TrustRoot(SignatureAlgorithm.valueOf(doc.get("rootAlgorithm").asText()),
                HexFormat.of().parseHex(doc.get("rootPublicKey").asText()));
        TrustList list = TrustListCodec.decodeAndVerify(doc.get("trustListDocument").asText().getBytes(StandardCharsets.UTF_8),
                List.of(root));
        OfflineVerifier verifier = OfflineVerifier.create(list, OfflineVerifier.Options.defaults()
                .withClock(Clock.fixed(Instant.parse(doc.get("now").asText()), ZoneOffset.UTC)));
        int n = 0;
        for (JsonNode v : doc.get("vectors")) {
            Verdict verdict = verifier.verify(v.get("input").asText());
            String name = v.get("name").asText();
            assertThat(verdict.code().name()).as(name).isEqualTo(v.get("expected").asText());
            if (v.get("expected").asText().equals("MALFORMED")) {
                assertThat(verdict.reason().name()).as(name).isEqualTo(v.get("reason").asText());
            }
            if (v.get("expected").asText().equals("FOREIGN")) {
                assertThat(verdict.details().get("host")).as(name).isEqualTo(v.get("host").asText());
            }
            if (v.has("productId")) {
                assertThat(verdict.mark().content().productId()).as(name).isEqualTo(v.get("productId").asLong());
                assertThat(verdict.mark().content().batchId()).as(name).isEqualTo(v.get("batchId").asLong());
                assertThat(verdict.mark().content().serial().toHex()).as(name).isEqualTo(v.get("serial").asText());
                assertThat(HexFormat.of().formatHex(verdict.mark().payloadBytes())).as(name).isEqualTo(v.get("record").asText());
            }
            n++;
        }
        assertThat(n).isGreaterThanOrEqualTo(70);
        assertThat(doc.get("vectors").findValuesAsText("reason")).containsAll(
                java.util.Arrays.stream(org.markauth.sdk.mark.MalformedReason.values()).map(Enum::name).toList());
    }

    /** docs/mark-format.md states how many vectors each file holds; the numbers must be the files'. */
    @Test
    void theSpecStatesTheVectorCountsOfTheFiles() throws Exception {
        String spec = Files.readString(java.nio.file.Path.of("..", "docs", "mark-format.md"), StandardCharsets.UTF_8);
        ObjectMapper m = new ObjectMapper();
        int marks = m.readTree(MarkVectors.FILE.toFile()).get("vectors").size();
        int lists = m.readTree(TrustListVectors.FILE.toFile()).get("vectors").size();
        assertThat(count(spec, "marks.json")).as("the count docs/mark-format.md states for marks.json").isEqualTo(marks);
        assertThat(count(spec, "trust-lists.json")).as("the count docs/mark-format.md states for trust-lists.json").isEqualTo(lists);
    }

    /** The number in "`<file>` … holds … <b>N vectors</b>" — the first "N vectors" after the file's link. */
    private static int count(String spec, String file) {
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("\\(test-vectors/" + java.util.regex.Pattern.quote(file)
                + "\\)[^§]*?\\*\\*(\\d+) vectors\\*\\*").matcher(spec);
        assertThat(x.find()).as("docs/mark-format.md states '**N vectors**' after linking " + file).isTrue();
        return Integer.parseInt(x.group(1));
    }
}
