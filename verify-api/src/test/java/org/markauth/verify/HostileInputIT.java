package org.markauth.verify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.markauth.verify.app.VerifyServer;
import org.slf4j.LoggerFactory;

/**
 * Requests the hostile-input drill found mishandled, sent on a raw socket (java.net.http refuses to
 * send most of them): each is a client fault, so it gets a prompt 4xx with a specific code when an
 * answer is still possible, and the server logs it without an ERROR or a stack trace.
 */
class HostileInputIT {

    static Fixture f;
    static VerifyServer server;
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void up() {
        f = new Fixture("hostile_it");
        // a request timeout far beyond the socket timeout below: a hang shows as no answer, not as a 503
        // small report limits (1 MiB, one photo: a form body of 1 MiB + 64 KiB), so a body over them is quick to send
        server = f.start("a", Map.of("http.request-timeout", "60s", "verify.report.request-timeout", "60s",
                "verify.report.max-photo-bytes", "1048576", "verify.report.max-photos", "1"));
    }

    @AfterAll
    static void down() {
        f.close();   // stops the server it started
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logs);
    }

    @Test
    void multipartThatStopsBeforeItsClosingBoundaryIsRefusedAtOnce() {
        Map<String, String> expected = Map.of(
                // inside a file part: that part never ends (this hung until the request timeout)
                "--XYZ\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nabc\r\n"
                        + "--XYZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"x.jpg\"\r\n"
                        + "Content-Type: image/jpeg\r\n\r\nabc\r\n--XY", "BAD_BODY",
                // the file part complete, then a field cut short: the form lacks that field
                "--XYZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"x.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\nabc\r\n--XYZ\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nab",
                "REPORT_NO_CODE");
        expected.forEach((body, code) -> assertThat(postMultipart(body)).as(code).startsWith("HTTP/1.1 400")
                .contains("\"error\":\"" + code + "\"").doesNotContain("at org."));
        assertNoErrorLogged();
    }

    @Test
    void aCompleteMultipartReportIsStillAccepted() {
        // the report form's happy path stays covered by EndpointsIT; here: a form without a photo
        String body = "--XYZ\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nnot a mark\r\n"
                + "--XYZ\r\nContent-Disposition: form-data; name=\"where\"\r\n\r\nmarket\r\n--XYZ--\r\n";
        String answer = postMultipart(body);
        assertThat(answer).startsWith("HTTP/1.1 201");
    }

    @Test
    void aFormOverTheBodyLimitIsRefusedEvenWithoutAContentLength() {
        byte[] photo = new byte[2 * 1024 * 1024];   // over this server's report form limit of 1 MiB + 64 KiB
        String head = "--XYZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"x.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(photo);
        body.writeBytes("\r\n--XYZ--\r\n".getBytes(StandardCharsets.US_ASCII));
        // declared: refused before the body is read
        var declared = new Http(server.port()).postBytes("/report", "multipart/form-data; boundary=XYZ", body.toByteArray());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("BODY_TOO_LARGE").contains("1114112");   // the body's limit, not the photo's
        // chunked: counted while it arrives
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        byte[] all = body.toByteArray();
        for (int at = 0; at < all.length; at += 65_536) {
            int n = Math.min(65_536, all.length - at);
            chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(all, at, n);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = raw(("POST /report HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                + "Content-Type: multipart/form-data; boundary=XYZ\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), chunked.toByteArray());
        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"error\":\"BODY_TOO_LARGE\"").contains("1114112");
        assertNoErrorLogged();
    }

    @Test
    void badChunkSizeIsAClientFault() {
        for (String path : new String[] {"/api/v1/verify", "/report"}) {
            String type = path.equals("/report") ? "application/x-www-form-urlencoded" : "application/json";
            String answer = raw("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + "Content-Type: " + type + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "ZZZ\r\nabc\r\n0\r\n\r\n");
            assertThat(answer).as(path).satisfiesAnyOf(a -> assertThat(a).isEmpty(),
                    a -> assertThat(a).startsWith("HTTP/1.1 400"));
        }
        assertNoErrorLogged();
    }

    @Test
    void aBodyCutShortByTheClientIsNotAServerError() {
        for (String path : new String[] {"/api/v1/verify", "/report"}) {
            String type = path.equals("/report") ? "application/x-www-form-urlencoded" : "application/json";
            rawHalfClose("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                    + "\r\nContent-Length: 100\r\n\r\n{\"code\":");
        }
        assertNoErrorLogged();
    }

    @Test
    void brokenHttpOnTheSocketIsNotAServerError() {
        String[] requests = {
            "\u0001\u0002garbage\r\n\r\n",
            "GET /health/live HTTP/9.9 extra\r\n\r\n",
            "POST /api/v1/verify HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\nConnection: close\r\n\r\n",
            "POST /api/v1/verify HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n0\r\n\r\n",
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\nConnection: close\r\n\r\n",
        };
        for (String r : requests) {
            String answer = raw(r);
            assertThat(answer).as(r).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).matches("(?s)HTTP/1\\.[01] 4.*"));
        }
        assertNoErrorLogged();
    }

    @Test
    void targetThatDoesNotPercentDecodeIsABadParameterEverywhere() {
        for (String target : new String[] {"/api/v1/%-a", "/M/%zz", "/api/v1/verify?code=%zz", "/api/v1/verify?code=%zz&lang=%",
                "/api/v1/verify?code=x&lang=%G1", "/M/ABC?geo=%", "/api/v1/officer/record?code=%e", "/draws/%zz/snapshot.json",
                "/api/v1/draws?lang=%"}) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("\"error\":\"BAD_PARAMETER\"")
                    .contains("percent-encoding");
        }
        assertNoErrorLogged();
    }

    /** Issue 15: an HTTP/1.1 request without Host is the client's 400 (vertx-web refuses it), never a 500 or an ERROR line. */
    @Test
    void aRequestWithoutHostIsA400() {
        for (String target : new String[] {"/api/v1/verify?code=x", "/health/live", "/M/ABC", "/api/v1/officer/record?code=x"}) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("\"error\":");
        }
        assertNoErrorLogged();
    }

    /** POSTs a multipart body (boundary XYZ) to the report form as it is, asking for a JSON error. */
    private static String postMultipart(String body) {
        return raw("POST /report HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                + "Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
    }

    private void assertNoErrorLogged() {
        List<String> bad = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
                        || e.getThrowableProxy() != null && e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName()))
                .toList();
        assertThat(bad).as("ERROR logs, or WARN logs with a stack trace, for client faults").isEmpty();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Sends the bytes and reads until the server closes (or stays silent for 8 s: then what came so far). */
    private static String raw(String request) {
        return raw(request.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #raw(String)}; a write the server refuses half-way (it answered early) ends the sending. */
    private static String raw(byte[]... parts) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(8_000);
            try {
                for (byte[] p : parts) {
                    s.getOutputStream().write(p);
                }
                s.getOutputStream().flush();
            } catch (java.net.SocketException answeredEarly) {
                // read what the server said
            }
            return readAll(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends part of a body and closes the connection; waits for the server to see the close. */
    private static void rawHalfClose(String request) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(8_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            readAll(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the close reaches the server's handlers asynchronously; a liveness round trip orders it
        raw("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException stoppedAnswering) {
            // what came so far is the answer
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
