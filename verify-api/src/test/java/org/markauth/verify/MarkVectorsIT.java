package org.markauth.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.verify.app.VerifyServer;

/**
 * The published mark vectors (docs/test-vectors/marks.json) against the live API, under the
 * vectors' own signed trust list: every vector whose verdict is decided before the registry
 * (MALFORMED, FOREIGN, FORGED, UNKNOWN_KEY) must get the same code, the MALFORMED reason and the
 * FOREIGN host, by GET and by POST (docs/mark-format.md section 8, docs/api-verify.md).
 */
class MarkVectorsIT {

    static final Set<String> BEFORE_REGISTRY = Set.of("MALFORMED", "FOREIGN", "FORGED", "UNKNOWN_KEY");

    static Fixture f;
    static Http http;
    static int port;
    static JsonNode vectors;

    @BeforeAll
    static void up() throws IOException {
        vectors = new ObjectMapper().readTree(Path.of("..", "docs", "test-vectors", "marks.json").toFile());
        f = new Fixture("vectors_it");
        byte[] doc = vectors.get("trustListDocument").asText().getBytes(StandardCharsets.UTF_8);
        f.session.execute("INSERT INTO trust_lists (list, sequence, document, signature, published_at) VALUES ('current', ?, ?, ?, ?)",
                7L, ByteBuffer.wrap(doc), ByteBuffer.wrap(new byte[0]), Instant.now());
        VerifyServer server = f.start("a", Map.of("verify.trust.roots",
                vectors.get("rootAlgorithm").asText() + ":" + vectors.get("rootPublicKey").asText()));
        port = server.port();
        http = new Http(port);
    }

    @AfterAll
    static void down() {
        f.close();
    }

    @Test
    void everyVectorDecidedBeforeTheRegistryGetsItsVerdictReasonAndHostOnline() {
        int checked = 0;
        for (JsonNode v : vectors.get("vectors")) {
            String expected = v.get("expected").asText();
            if (!BEFORE_REGISTRY.contains(expected)) {
                continue;   // SIGNATURE_VALID etc. go on to the registry, which holds none of these units
            }
            String name = v.get("name").asText();
            String input = v.get("input").asText();
            var get = http.get("/api/v1/verify?lang=en&code=" + URLEncoder.encode(input, StandardCharsets.UTF_8));
            var post = http.post("/api/v1/verify", "application/json", new JsonObject().put("code", input).encode(),
                    "Accept-Language", "en");
            for (var r : java.util.List.of(get, post)) {
                assertThat(r.statusCode()).as(name + " " + r.request().method()).isEqualTo(200);
                JsonObject o = new JsonObject(r.body());
                assertThat(o.getString("code")).as(name).isEqualTo(expected);
                if (expected.equals("MALFORMED")) {
                    assertThat(o.getString("reason")).as(name).isEqualTo(v.get("reason").asText());
                    assertThat(o.getString("message")).as(name).contains("(");
                } else {
                    assertThat(o.containsKey("reason")).as(name).isFalse();
                }
                if (expected.equals("FOREIGN")) {
                    assertThat(o.getString("host")).as(name).isEqualTo(v.get("host").asText());
                    assertThat(o.getString("message")).as(name).contains(v.get("host").asText());
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void aCodeOver512CharactersIsTheTooLongVerdictAndOnlyAnOversizedOneIsRefused() {
        String long600 = "HTTPS://MARKAUTH.CN/M/" + "A".repeat(600);
        JsonObject v = http.verify(long600);
        assertThat(v.getString("code")).isEqualTo("MALFORMED");
        assertThat(v.getString("reason")).isEqualTo("TOO_LONG");
        var post = http.post("/api/v1/verify", "application/json", new JsonObject().put("code", "x".repeat(4096)).encode());
        assertThat(new JsonObject(post.body()).getString("reason")).isEqualTo("TOO_LONG");
        var huge = http.post("/api/v1/verify", "application/json", new JsonObject().put("code", "x".repeat(4097)).encode());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(huge.body()).getString("error")).isEqualTo("CODE_TOO_LARGE");
        assertThat(rawGet("/api/v1/verify?code=" + "A".repeat(5000))).matches("(?s)HTTP/1\\.[01] 414.*");
    }

    @Test
    void anEmptyOrBlankCodeIsMalformedEmptyAndAMissingOneABadRequest() {
        assertThat(http.verify("").getString("reason")).isEqualTo("EMPTY");
        assertThat(http.verify(" \t\r\n").getString("reason")).isEqualTo("EMPTY");
        assertThat(http.get("/api/v1/verify").statusCode()).isEqualTo(400);
    }

    @Test
    void theConsumerPageSaysTheReason() {
        var page = http.get("/M/ABC?lang=en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("the code has the wrong length");
    }

    private static String rawGet(String target) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
