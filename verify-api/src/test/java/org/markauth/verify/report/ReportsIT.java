package org.markauth.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.testing.Worlds;
import org.markauth.verify.Fixture;
import org.markauth.verify.app.VerifyServer;

/**
 * Report-a-fake against a real verify-api over real Cassandra and Redis: phone-sized photos stored
 * out of the report row and read back byte for byte by an officer, the form and JSON kinds, and
 * every refusal a specific 4xx in the reporter's language (never a 500).
 */
class ReportsIT {

    static final int MiB = 1024 * 1024;

    static Fixture f;
    static VerifyServer server;
    static String code;
    static String officer;
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void up() throws Exception {
        f = new Fixture("reports_it");
        Worlds.GenuineBatch world = f.genuineBatch(10);
        code = f.url(world.productId(), world.batchId(), f.mark(world.batchId(), 1, null));
        officer = "Bearer " + ApiKeyStore.create(f.session, Clock.systemUTC()).issue(Principal.officer("officer-r"))
                .toCompletableFuture().get();
        // the defaults of verify.report.* (10 MiB a photo, 3 photos), the route's rate limit off here
        server = f.start("a", Map.of());
    }

    @AfterAll
    static void down() {
        f.close();
    }

    // ---- the consumer's complaint case page (/cases; the issuer writes the rows, docs/complaints.md) ----

    @Test
    void aCaseIsLookedUpByItsNumberAndCodeOnlyAndShowsItsPublicStepsAndTheReportReceiptLinksToIt() {
        String no = "TS2026-000777";
        f.session.execute("INSERT INTO complaint_cases (case_no, code, source, state, complaint, contact) VALUES (?, 'K7M2Q9XW', "
                + "'REPORT', 'ASSIGNED', 'the glaze cracked', '13800138000')", no);
        java.time.Instant t = java.time.Instant.parse("2026-12-01T02:00:00Z");
        step(no, t, "OPENED", "您的投诉已受理，案件编号 " + no + "。", "Your complaint has been received as case " + no + ".", "from a report");
        step(no, t.plusSeconds(60), "ASSIGNED", "已转交生产企业“佛山金陶”，须在 2026-12-08 前答复。",
                "Passed to the manufacturer \"Foshan Jintao\", which must reply by 2026-12-08.", "internal: the product is theirs");
        step(no, t.plusSeconds(120), "RECOVERED", null, null, "internal recovery note");

        assertThat(get(server, "/cases").body()).contains("id=\"lookup\"");
        HttpResponse<String> found = post(server, "/cases", "application/x-www-form-urlencoded",
                "caseNo=ts2026-000777&code=k7m2+q9xw&lang=en".getBytes(StandardCharsets.UTF_8));
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(found.body()).contains("Case " + no).contains("With the manufacturer")
                .contains("Your complaint has been received as case " + no).contains("which must reply by 2026-12-08")
                .doesNotContain("internal").doesNotContain("13800138000").doesNotContain("K7M2Q9XW").doesNotContain("glaze");
        assertThat(found.body().indexOf("has been received")).isLessThan(found.body().indexOf("must reply by"));
        assertThat(found.body().split("class=\"step\"", -1)).hasSize(3);   // the recovery is not the consumer's

        // a wrong code and an unknown number: the same page, 404, nothing about whether the case exists
        HttpResponse<String> wrong = post(server, "/cases", "application/x-www-form-urlencoded",
                ("caseNo=" + no + "&code=AAAAAAAA&lang=en").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> unknown = post(server, "/cases", "application/x-www-form-urlencoded",
                "caseNo=TS2026-000778&code=AAAAAAAA&lang=en".getBytes(StandardCharsets.UTF_8));
        assertThat(wrong.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(wrong.body()).contains("No case matches").doesNotContain("Foshan Jintao");
        assertThat(wrong.body().replace(no, "N")).isEqualTo(unknown.body().replace("TS2026-000778", "N"));
        HttpResponse<String> bad = post(server, "/cases", "application/x-www-form-urlencoded",
                "caseNo=123&code=&lang=zh".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("请填写案件编号");

        // the report's receipt links to its case page: nothing yet, then the case (without its code)
        Multipart form = new Multipart().field("code", code).field("where", "佛山").field("lang", "zh");
        HttpResponse<String> thanks = post(server, "/report", form.contentType(), form.bytes());
        UUID id = UUID.fromString(thanks.body().replaceAll("(?s).*<span id=\"ref\">([0-9a-f-]+)</span>.*", "$1"));
        assertThat(thanks.body()).contains("href=\"/cases/report/" + id + "\"");
        assertThat(get(server, "/cases/report/" + id).body()).contains("尚未立案").contains(id.toString());
        f.session.execute("INSERT INTO complaint_sources (source, case_no) VALUES (?, ?)", "report:" + id, no);
        String linked = get(server, "/cases/report/" + id).body();
        assertThat(linked).contains("案件 " + no).contains("已转交生产企业").doesNotContain("K7M2Q9XW");
        assertThat(get(server, "/cases/report/not-a-report").statusCode()).isEqualTo(404);
    }

    static void step(String no, java.time.Instant at, String kind, String zh, String en, String reason) {
        f.session.execute("INSERT INTO complaint_steps (case_no, at, kind, state, actor, role, reason, public_zh, public_en) "
                + "VALUES (?, ?, ?, 'ASSIGNED', 'office-1', 'REGULATOR', ?, ?, ?)", no,
                com.datastax.oss.driver.api.core.uuid.Uuids.startOf(at.toEpochMilli()), kind, reason, zh, en);
    }

    // ---- accepted, stored, read back ----

    @Test
    void aPhoneSizedPhotoAndAnEightMegabyteOneAreAcceptedAndReadBackByteIdentical() {
        byte[] small = image(ImageType.JPEG, 300 * 1024, 1);
        byte[] large = image(ImageType.PNG, 8 * MiB, 2);
        Multipart form = new Multipart().field("code", code).field("where", "佛山某超市").field("seller", "摊位 12")
                .field("contact", "138-0000-0000").field("lang", "zh").file("photo", "a.jpg", "image/jpeg", small)
                .file("photo", "b.png", "application/octet-stream", large);
        long t0 = System.nanoTime();
        HttpResponse<String> r = post(server, "/report", form.contentType(), form.bytes());
        long sentMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        UUID id = UUID.fromString(r.body().replaceAll("(?s).*<span id=\"ref\">([0-9a-f-]+)</span>.*", "$1"));

        JsonObject report = officerGet("/api/v1/officer/reports/" + id);
        assertThat(report.getString("where")).isEqualTo("佛山某超市");
        assertThat(report.getInteger("batchId")).as("the signature verified: the unit is named").isNotNull();
        JsonArray photos = report.getJsonArray("photos");
        assertThat(photos).hasSize(2);
        assertThat(photos.getJsonObject(0).getString("type")).isEqualTo("image/jpeg");
        assertThat(photos.getJsonObject(1).getString("type")).as("recognised, not as declared").isEqualTo("image/png");
        assertThat(photos.getJsonObject(1).getInteger("bytes")).isEqualTo(8 * MiB);

        HttpResponse<byte[]> p0 = officerGetBytes(photos.getJsonObject(0).getString("href"));
        assertThat(p0.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(p0.body()).isEqualTo(small);
        t0 = System.nanoTime();
        assertThat(officerGetBytes(photos.getJsonObject(1).getString("href")).body()).isEqualTo(large);
        long readMs = (System.nanoTime() - t0) / 1_000_000;
        // a figure for the record (docs/api-verify.md), not a pass/fail criterion
        System.out.printf("measured: report with 300 KiB + 8 MiB photos acknowledged in %d ms; 8 MiB photo read back in %d ms%n",
                sentMs, readMs);

        // out of the report row: chunks of 256 KiB in their own partitions, none over the chunk size
        assertThat(f.session.execute("SELECT photo_count, photo FROM report_by_id WHERE report_id = ?", id).one())
                .satisfies(row -> {
                    assertThat(row.getInt("photo_count")).isEqualTo(2);
                    assertThat(row.getByteBuffer("photo")).isNull();
                });
        UUID largeId = f.session.execute("SELECT photo_id FROM report_photos WHERE report_id = ? AND idx = 1", id).one()
                .getUuid(0);
        List<ByteBuffer> chunks = f.session.execute("SELECT data FROM report_photo_chunks WHERE photo_id = ?", largeId).all()
                .stream().map(row -> row.getByteBuffer(0)).toList();
        assertThat(chunks).hasSize(32).allSatisfy(c -> assertThat(c.remaining()).isEqualTo(CassandraPhotoStore.CHUNK_BYTES));
        assertThat(f.session.execute("SELECT report_id, has_photo FROM reports_by_day WHERE day = ?",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC)).all())
                .anySatisfy(row -> {
                    assertThat(row.getUuid("report_id")).isEqualTo(id);
                    assertThat(row.getBoolean("has_photo")).isTrue();
                });
        assertThat(f.session.execute("SELECT contact FROM report_contacts WHERE report_id = ?", id).one().getString(0))
                .isEqualTo("138-0000-0000");
    }

    @Test
    void aJsonReportIsAcceptedWithABase64PhotoOrWithout() {
        byte[] heic = image(ImageType.HEIC, 50_000, 3);
        JsonObject body = new JsonObject().put("code", code).put("where", "online shop").put("lang", "en")
                .put("photos", new JsonArray().add(Base64.getEncoder().encodeToString(heic)));
        HttpResponse<String> r = post(server, "/report", "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonObject answer = new JsonObject(r.body());
        assertThat(answer.getInteger("photos")).isEqualTo(1);
        String id = answer.getString("id");
        JsonObject report = officerGet("/api/v1/officer/reports/" + id);
        assertThat(report.getString("lang")).isEqualTo("en");
        assertThat(report.getJsonArray("photos").getJsonObject(0).getString("type")).isEqualTo("image/heic");
        assertThat(officerGetBytes("/api/v1/officer/reports/" + id + "/photos/0").body()).isEqualTo(heic);

        HttpResponse<String> bare = post(server, "/report", "application/json; charset=utf-8",
                new JsonObject().put("code", code).put("where", "market").encode().getBytes(StandardCharsets.UTF_8));
        assertThat(bare.statusCode()).as(bare.body()).isEqualTo(201);
        assertThat(officerGet("/api/v1/officer/reports/" + new JsonObject(bare.body()).getString("id"))
                .getJsonArray("photos")).isEmpty();
    }

    @Test
    void aPhotoWithoutItsManifestIsNeverShown() {
        // what a write that died between its chunks and its manifest leaves: chunks, no manifest row
        UUID id = UUID.randomUUID();
        UUID photo = UUID.randomUUID();
        f.session.execute("INSERT INTO report_photo_chunks (photo_id, chunk, data) VALUES (?, 0, ?)", photo,
                ByteBuffer.wrap(image(ImageType.JPEG, 1000, 4)));
        f.session.execute("INSERT INTO report_by_id (report_id, at, code, where_bought, photo_count) "
                + "VALUES (?, now(), 'x', 'market', 1)", id);
        assertThat(officerGet("/api/v1/officer/reports/" + id).getJsonArray("photos")).isEmpty();
        assertThat(officerGetBytes("/api/v1/officer/reports/" + id + "/photos/0").statusCode()).isEqualTo(404);
    }

    @Test
    void aReportWrittenBeforeV011KeepsItsPhotoReadable() {
        UUID id = UUID.randomUUID();
        byte[] old = image(ImageType.WEBP, 2000, 5);
        f.session.execute("INSERT INTO report_by_id (report_id, at, code, where_bought, photo_type, photo) "
                + "VALUES (?, now(), 'x', 'market', 'image/webp', ?)", id, ByteBuffer.wrap(old));
        JsonArray photos = officerGet("/api/v1/officer/reports/" + id).getJsonArray("photos");
        assertThat(photos).hasSize(1);
        HttpResponse<byte[]> p = officerGetBytes(photos.getJsonObject(0).getString("href"));
        assertThat(p.headers().firstValue("Content-Type")).hasValue("image/webp");
        assertThat(p.body()).isEqualTo(old);
    }

    @Test
    void reportsAreReadByOfficersOnly() {
        HttpResponse<String> r = get(server, "/api/v1/officer/reports/" + UUID.randomUUID(), "Accept-Language", "en");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(get(server, "/api/v1/officer/reports/" + UUID.randomUUID(), "Authorization", officer).statusCode())
                .isEqualTo(404);
        assertThat(get(server, "/api/v1/officer/reports/not-a-uuid", "Authorization", officer).statusCode()).isEqualTo(400);
    }

    // ---- refused: a specific 4xx in the reporter's language ----

    @Test
    void anElevenMegabytePhotoIsRefusedWith413InTheReportersLanguage() {
        Multipart form = new Multipart().field("code", code).field("where", "market")
                .file("photo", "big.jpg", "image/jpeg", image(ImageType.JPEG, 11 * MiB, 6));
        HttpResponse<String> zh = post(server, "/report?lang=zh", form.contentType(), form.bytes(), "Accept", "application/json");
        assertThat(zh.statusCode()).isEqualTo(413);
        assertThat(error(zh)).isEqualTo("PHOTO_TOO_LARGE");
        assertThat(message(zh)).contains("照片过大").contains(Integer.toString(10 * MiB));
        HttpResponse<String> en = post(server, "/report", form.contentType(), form.bytes(), "Accept-Language", "en");
        assertThat(en.statusCode()).isEqualTo(413);
        assertThat(en.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(en.body()).contains("A photo is too large");
    }

    @Test
    void otherContentTypesAre415WithAPlainSentence() {
        for (String type : new String[] {"text/plain", "application/xml", "image/jpeg"}) {
            HttpResponse<String> r = post(server, "/report", type, "code=x".getBytes(StandardCharsets.UTF_8),
                    "Accept", "application/json", "Accept-Language", "en");
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(error(r)).isEqualTo("UNSUPPORTED_MEDIA");
            assertThat(message(r)).contains("multipart/form-data").contains("application/json");
        }
    }

    @Test
    void aPhotoThatIsNotAnImageIsRefused_byItsBytesNotItsDeclaredType() {
        Multipart form = new Multipart().field("code", code).field("where", "market")
                .file("photo", "x.jpg", "image/jpeg", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post(server, "/report", form.contentType(), form.bytes(), "Accept", "application/json");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(error(r)).isEqualTo("NOT_AN_IMAGE");
        assertThat(message(r)).contains("照片不是");
        JsonObject json = new JsonObject().put("code", code).put("where", "market")
                .put("photos", new JsonArray().add(Base64.getEncoder().encodeToString("%PDF-1.7".getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> j = post(server, "/report", "application/json", json.encode().getBytes(StandardCharsets.UTF_8),
                "Accept-Language", "en");
        assertThat(j.statusCode()).isEqualTo(415);
        assertThat(message(j)).contains("not a JPEG, PNG, HEIC or WebP image");
    }

    @Test
    void tooManyPhotosAreRefused() {
        Multipart form = new Multipart().field("code", code).field("where", "market");
        for (int i = 0; i < 4; i++) {
            form.file("photo", i + ".jpg", "image/jpeg", image(ImageType.JPEG, 1000, 10 + i));
        }
        HttpResponse<String> r = post(server, "/report", form.contentType(), form.bytes(), "Accept", "application/json",
                "Accept-Language", "en");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).isEqualTo("TOO_MANY_PHOTOS");
        assertThat(message(r)).contains("at most 3");
    }

    @Test
    void aMissingCodeOrPlaceIsRefusedByName() {
        HttpResponse<String> noCode = post(server, "/report", "application/x-www-form-urlencoded",
                "where=market".getBytes(StandardCharsets.UTF_8), "Accept", "application/json", "Accept-Language", "en");
        assertThat(noCode.statusCode()).isEqualTo(400);
        assertThat(error(noCode)).isEqualTo("REPORT_NO_CODE");
        HttpResponse<String> jsonNoCode = post(server, "/report", "application/json",
                "{\"where\":\"market\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(jsonNoCode.statusCode()).isEqualTo(400);
        assertThat(error(jsonNoCode)).isEqualTo("REPORT_NO_CODE");
        assertThat(message(jsonNoCode)).contains("举报缺少所扫描的码");
        HttpResponse<String> noWhere = post(server, "/report", "application/json",
                new JsonObject().put("code", code).encode().getBytes(StandardCharsets.UTF_8));
        assertThat(error(noWhere)).isEqualTo("REPORT_NO_WHERE");
    }

    @Test
    void aBrokenEncodingIsA400NamingTheForm() {
        HttpResponse<String> badEscape = post(server, "/report", "application/x-www-form-urlencoded",
                "code=%zz&where=market".getBytes(StandardCharsets.UTF_8), "Accept", "application/json");
        assertThat(badEscape.statusCode()).as(badEscape.body()).isEqualTo(400);
        assertThat(error(badEscape)).isEqualTo("BAD_FORM");
        HttpResponse<String> noBoundary = post(server, "/report", "multipart/form-data",
                "--x\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nabc\r\n--x--\r\n".getBytes(StandardCharsets.UTF_8),
                "Accept", "application/json");
        assertThat(noBoundary.statusCode()).as(noBoundary.body()).isEqualTo(400);
        assertThat(error(noBoundary)).isEqualTo("BAD_FORM");
        for (String json : new String[] {"{\"code\":", "[1,2]", "\"text\"", "{\"code\":5,\"where\":\"m\"}",
                "{\"code\":\"x\",\"where\":\"m\",\"photos\":\"abc\"}", "{\"code\":\"x\",\"where\":\"m\",\"photos\":[\"***\"]}"}) {
            HttpResponse<String> r = post(server, "/report", "application/json", json.getBytes(StandardCharsets.UTF_8),
                    "Accept-Language", "en");
            assertThat(r.statusCode()).as(json).isEqualTo(400);
            assertThat(error(r)).as(json).isEqualTo("BAD_REPORT_BODY");
            assertThat(message(r)).as(json).doesNotContain("Exception").contains("JSON object");
        }
    }

    @Test
    void aBodyOverTheReportLimitIsRefusedBeforeItIsRead() {
        long limit = 3L * 10 * MiB + ReportSettings.FORM_OVERHEAD;
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/report"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "multipart/form-data; boundary=XYZ")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) limit + 1])).build();
        HttpResponse<String> r = send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(error(r)).isEqualTo("BODY_TOO_LARGE");
        assertThat(message(r)).contains(Long.toString(limit));
        // the other routes keep their small limit
        HttpResponse<String> verify = post(server, "/api/v1/verify", "application/json", new byte[70_000]);
        assertThat(verify.statusCode()).isEqualTo(413);
        assertThat(message(verify)).contains("65536");
    }

    @Test
    void theReportRouteHasItsOwnStricterRateLimit() {
        // both limits 3: were they one bucket, the verification after three reports would be refused
        VerifyServer limited = f.start("limited", Map.of("verify.report.rate-limit.per-minute", "3",
                "verify.rate-limit.per-minute", "3"));
        String client = "198.51.100." + (10 + new Random().nextInt(200));
        byte[] body = new JsonObject().put("code", code).put("where", "market").encode().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            assertThat(post(limited, "/report", "application/json", body, "X-Forwarded-For", client).statusCode())
                    .as("report " + (i + 1)).isEqualTo(201);
        }
        HttpResponse<String> refused = post(limited, "/report", "application/json", body, "X-Forwarded-For", client,
                "Accept-Language", "en");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(error(refused)).isEqualTo("RATE_LIMITED");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        // counted apart: the same client still verifies, and another client still reports
        assertThat(get(limited, "/api/v1/verify?code=x", "X-Forwarded-For", client).statusCode()).isEqualTo(200);
        assertThat(post(limited, "/report", "application/json", body, "X-Forwarded-For", "203.0.113.77").statusCode())
                .isEqualTo(201);
    }

    @Test
    void reportBodiesPastTheInFlightCapAreShedWithTheirOwnCodeAndTheSlotComesBack() throws Exception {
        VerifyServer capped = f.start("capped", Map.of("verify.report.max-in-flight", "1"));
        byte[] body = new JsonObject().put("code", code).put("where", "market").encode().getBytes(StandardCharsets.UTF_8);
        // one report whose body is still arriving holds the only slot
        try (java.net.Socket held = new java.net.Socket("127.0.0.1", capped.port())) {
            held.getOutputStream().write(("POST /report HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (body.length + 100) + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            held.getOutputStream().flush();
            // until the held request's handler has taken its slot (on a loaded machine that can take seconds)
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!get(capped, "/metrics").body().contains("verify_report_bodies_in_flight 1.0")) {
                assertThat(System.nanoTime()).as("the held report never took its slot").isLessThan(until);
                Thread.sleep(100);
            }
            HttpResponse<String> shed = post(capped, "/report", "application/json", body, "Accept-Language", "en");
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(error(shed)).isEqualTo("REPORTS_BUSY");
            assertThat(message(shed)).contains("send yours again");
        }
        // the held connection is gone: its slot is free again
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!get(capped, "/metrics").body().contains("verify_report_bodies_in_flight 0.0")) {
            assertThat(System.nanoTime()).as("the held report's slot never came back").isLessThan(until);
            Thread.sleep(100);
        }
        assertThat(post(capped, "/report", "application/json", body).statusCode()).isEqualTo(201);
    }

    // ---- helpers ----

    /** {@code size} random bytes that start as an image of {@code type} (the service checks the first bytes). */
    static byte[] image(ImageType type, int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        byte[] head = switch (type) {
            case JPEG -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
            case PNG -> new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
            case WEBP -> "RIFF\0\0\0\0WEBP".getBytes(StandardCharsets.ISO_8859_1);
            case HEIC -> "\0\0\0\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1);
            case HEIF -> "\0\0\0\u0018ftypmif1".getBytes(StandardCharsets.ISO_8859_1);
        };
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    static String error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("error");
    }

    static String message(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("message");
    }

    static JsonObject officerGet(String path) {
        HttpResponse<String> r = get(server, path, "Authorization", officer);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    static HttpResponse<byte[]> officerGetBytes(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", officer).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> get(VerifyServer s, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(VerifyServer s, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(req, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A multipart/form-data body, as a browser builds it. */
    static final class Multipart {
        private final String boundary = "----markauth" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Multipart file(String name, String fileName, String type, byte[] data) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(data);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }
    }
}
