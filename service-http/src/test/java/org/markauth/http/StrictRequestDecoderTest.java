package org.markauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder on its own (Netty's embedded channel, no server): which heads it refuses, that plain
 * ones pass whole, and that it finds every message's head however the bytes are cut, since a head
 * it did not read would slip past the checks.
 */
class StrictRequestDecoderTest {

    /** What the decoder passed on: the requests (uri, or "REFUSED: why") in order, and how many messages ended. */
    record Out(List<String> requests, int ends) {
    }

    static Out feed(String bytes, int cut) {
        EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(new HttpServerOptions(), 30_000));
        byte[] all = bytes.getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at < all.length; at += cut) {
            ch.writeInbound(Unpooled.wrappedBuffer(all, at, Math.min(cut, all.length - at)));
        }
        List<String> requests = new ArrayList<>();
        int ends = 0;
        Object m;
        while ((m = ch.readInbound()) != null) {
            if (m instanceof HttpRequest r) {
                requests.add(r.decoderResult().isSuccess() ? r.uri() : "REFUSED: " + r.decoderResult().cause().getMessage());
            }
            if (m instanceof LastHttpContent) {
                ends++;
            }
            ReferenceCountUtil.release(m);
        }
        ch.finishAndReleaseAll();
        return new Out(requests, ends);
    }

    /** A head with two Hosts, sent as /b's body. */
    static final String HIDDEN = "GET /no HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n";
    static final String PIPELINE = "\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: " + HIDDEN.length() + "\r\n\r\n" + HIDDEN
            + "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHost:\r\n0\r\nX-T: 1\r\n\r\n"
            + "GET /d HTTP/1.1\r\nHost: x\r\n\r\n";

    /** The request after the one a head is refused in. */
    static final String NEXT = "GET /after HTTP/1.1\r\nHost: x\r\n\r\n";

    /** A POST whose head has {@code headers} is refused saying {@code why}, and the request after it is never read. */
    static void assertRefusedAlone(String headers, String why, int cut) {
        Out out = feed("POST /x HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + NEXT, cut);
        assertThat(out.requests()).as(headers + " cut " + cut).hasSize(1);
        assertThat(out.requests().get(0)).as(headers).startsWith("REFUSED: ").contains(why);
    }

    @Test
    void plainRequestsPassWholeHoweverTheBytesAreCut() {
        for (int cut : new int[] {1, 2, 3, 7, 64, 100_000}) {
            Out out = feed(PIPELINE, cut);
            // /b's body is a head's bytes: it is a body, never read as a head (two Hosts or not)
            assertThat(out.requests()).as("cut %d", cut).containsExactly("/a", "/b", "/c", "/d");
            assertThat(out.ends()).as("cut %d", cut).isEqualTo(4);
        }
    }

    @Test
    void bareLineFeedsAreLeftToNettyWhichRefusesThem() {
        Out out = feed("GET /d HTTP/1.1\nHost: x\n\n", 1);
        assertThat(out.requests()).hasSize(1);
        assertThat(out.requests().get(0)).startsWith("REFUSED: ").contains("Carriage Return");
    }

    @Test
    void ambiguousHeadsAreRefusedAndNothingAfterThemIsRead() {
        String[][] cases = {
            {"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", "both Content-Length and Transfer-Encoding"},
            {"transfer-encoding: chunked\r\ncontent-length: 3\r\n", "both Content-Length and Transfer-Encoding"},
            {"Host: y\r\n", "more than one Host"},
            {"X-A: 1\r\n Transfer-Encoding: chunked\r\n", "obsolete line folding"},
            {"X-A: 1\r\n\tb\r\n", "obsolete line folding"},
            {"Content-Length: 0\r\nContent-Length: 0\r\n", "more than one Content-Length"},
            {"Transfer-Encoding: gzip, chunked\r\n", "Transfer-Encoding must be given once"},
            {"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding must be given once"},
            {"Content-Length : 3\r\n", "whitespace before its colon"},
            {"NoColon\r\n", "no colon"},
        };
        for (String[] c : cases) {
            for (int cut : new int[] {1, 100_000}) {
                assertRefusedAlone(c[0], c[1], cut);
            }
        }
    }

    @Test
    void headerNamesAreMatchedInAnyCaseAndWhole() {
        String[][] refused = {
            {"HOST: y\r\n", "more than one Host"},
            {"hOsT: y\r\n", "more than one Host"},
            {"CONTENT-length: 0\r\ncontent-LENGTH: 0\r\n", "more than one Content-Length"},
            {"TRANSFER-ENCODING: Chunked\r\nContent-Length: 3\r\n", "both Content-Length and Transfer-Encoding"},
            {"Host\t: y\r\n", "whitespace before its colon"},
        };
        for (String[] c : refused) {
            assertRefusedAlone(c[0], c[1], 100_000);
        }
        // names that only begin or end like the framing headers are other headers
        Out out = feed("GET /x HTTP/1.1\r\nHost: x\r\nHosts: y\r\nX-Host: y\r\nContent-Length-X: 1\r\nHos: y\r\n\r\n" + NEXT,
                100_000);
        assertThat(out.requests()).containsExactly("/x", "/after");
        // a whole code in the request line, cut anywhere, is not mistaken for a line end
        String target = "/api/v1/verify?code=" + "M1.QkFTRTY0VVJMX0NPREU".repeat(12);
        for (int cut : new int[] {1, 5, 64, 100_000}) {
            assertThat(feed("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", cut).requests()).as("cut %d", cut)
                    .containsExactly(target);
        }
    }

    @Test
    void aHeadThatNeverEndsIsRefusedOnceItPassesTheLimit() {
        Out out = feed("GET / HTTP/1.1\r\n" + "X-Long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(300), 1000);
        assertThat(out.requests()).hasSize(1);
        assertThat(out.requests().get(0)).startsWith("REFUSED: ").contains("head is longer");
    }
}
