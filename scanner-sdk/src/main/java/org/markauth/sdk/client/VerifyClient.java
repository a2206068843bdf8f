package org.markauth.sdk.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.markauth.sdk.http.RetryPolicy;
import org.markauth.sdk.http.Transport;
import org.markauth.sdk.mark.MarkCodec;
import org.markauth.sdk.mark.ParseResult;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.Verdict;
import org.markauth.sdk.verify.VerdictCode;

/**
 * Verifies marks through the verify-api (docs/api.md, {@code GET /api/v1/verify?code=…}), and
 * falls back to the {@link OfflineVerifier} verdict when the network fails. Thread-safe if the
 * transport is.
 *
 * <p>Flow: parse locally first (malformed and foreign inputs are answered at once, no request);
 * then one GET carrying an {@code X-Request-Id} that stays the same across retries, so that the
 * server can count one scan however often the client retries. Timeouts, connection failures, 429
 * and 5xx are retried per {@link RetryPolicy}; if all attempts fail, or the answer is not the
 * documented JSON, the result is the offline verdict flagged
 * {@link OnlineResult.Source#OFFLINE_FALLBACK} with the failure.
 *
 * <pre>{@code
 * VerifyClient client = VerifyClient.create(JdkTransport.create(Duration.ofSeconds(2)),
 *         VerifyClient.Options.defaults(URI.create("https://markauth.cn/")), offlineVerifier);
 * OnlineResult r = client.verify(scanned);
 * }</pre>
 */
public final class VerifyClient {
    public static final String PATH = "/api/v1/verify";

    /**
     * @param baseUri   the verify-api, e.g. {@code https://markauth.cn/}
     * @param timeout   per attempt (connect + response)
     * @param locale    sent as Accept-Language; the server's message comes back in it
     */
    public record Options(URI baseUri, Duration timeout, RetryPolicy retry, Locale locale) {
        public Options {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(locale, "locale");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("timeout must be in (0, 60s], got " + timeout);
            }
        }

        /** 3 s per attempt, 3 attempts with 200 ms / 400 ms backoff, Chinese. */
        public static Options defaults(URI baseUri) {
            return new Options(baseUri, Duration.ofSeconds(3), RetryPolicy.defaults(), Locale.SIMPLIFIED_CHINESE);
        }

        public Options withLocale(Locale l) {
            return new Options(baseUri, timeout, retry, l);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transport transport;
    private final Options options;
    private final OfflineVerifier offline;
    private final Supplier<String> requestIds;

    private VerifyClient(Transport transport, Options options, OfflineVerifier offline, Supplier<String> requestIds) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.offline = Objects.requireNonNull(offline, "offline verifier (the fallback)");
        this.requestIds = requestIds;
    }

    public static VerifyClient create(Transport transport, Options options, OfflineVerifier offline) {
        return new VerifyClient(transport, options, offline, () -> UUID.randomUUID().toString());
    }

    /** Never throws for bad input or network failure. */
    public OnlineResult verify(String scanned) {
        MarkCodec codec = offline.codec();
        ParseResult parsed = codec.parse(scanned);
        if (!(parsed instanceof ParseResult.Parsed p)) {
            return new OnlineResult(offline.verify(scanned), OnlineResult.Source.LOCAL, null);
        }
        SignedMark mark = p.mark();
        // The mark in its canonical printed form (the server parses URLs itself; the GS1 form keeps its GTIN).
        String code = p.host() == null ? mark.payloadText() : mark.toUrl(p.host());
        String lang = "zh".equals(options.locale().getLanguage()) ? "zh" : "en";
        URI uri = options.baseUri().resolve(PATH + "?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&lang=" + lang);
        Map<String, String> headers = Map.of("Accept", "application/json",
                "Accept-Language", options.locale().toLanguageTag(), "X-Request-Id", requestIds.get());
        String failure;
        try {
            Transport.Response r = options.retry().send(transport, Transport.Request.get(uri, headers, options.timeout()));
            if (r.status() == 200) {
                Verdict v = fromJson(r.body(), mark);
                if (v != null) {
                    return new OnlineResult(v, OnlineResult.Source.ONLINE, null);
                }
                failure = "the verify-api answered with JSON the client does not understand";
            } else {
                failure = "the verify-api answered HTTP " + r.status();
            }
        } catch (IOException e) {
            failure = "the verify-api could not be reached: " + e.getMessage();
        }
        return new OnlineResult(offline.verify(mark), OnlineResult.Source.OFFLINE_FALLBACK, failure);
    }

    /** Maps the documented response; null when it is not that shape (never throws). */
    static Verdict fromJson(byte[] body, SignedMark mark) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (n == null || !n.isObject() || !n.path("code").isTextual()) {
            return null;
        }
        VerdictCode code;
        try {
            code = VerdictCode.valueOf(n.get("code").asText());
        } catch (IllegalArgumentException e) {
            return null; // a newer server's code: fall back rather than guess
        }
        Map<String, String> details = new LinkedHashMap<>();
        putText(details, "message", n.path("message"));
        putText(details, "productName", n.path("product").path("name"));
        putText(details, "batchName", n.path("batch").path("lot"));
        putText(details, "licensee", n.path("manufacturer").path("name"));
        putText(details, "licenceStatus", n.path("licence").path("status"));
        putText(details, "scanCount", n.path("scans").path("before"));
        putText(details, "firstScanAt", n.path("scans").path("firstAt"));
        putText(details, "firstScanPlace", n.path("scans").path("firstPlace"));
        putText(details, "checkedAt", n.path("checkedAt"));
        if (n.path("notes").isArray() && !n.path("notes").isEmpty()) {
            StringBuilder notes = new StringBuilder();
            n.path("notes").forEach(x -> notes.append(notes.length() == 0 ? "" : "\n").append(x.asText()));
            details.put("notes", notes.toString());
        }
        if (code == VerdictCode.MALFORMED) {
            return null; // the client parsed it fine; a server saying MALFORMED disagrees with the spec
        }
        return Verdict.of(code, mark, details);
    }

    private static void putText(Map<String, String> m, String key, JsonNode v) {
        if (v.isValueNode() && !v.isNull()) {
            m.put(key, v.asText());
        }
    }
}
