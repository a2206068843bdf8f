package org.markauth.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ByteProcessor;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's HTTP/1.1 request decoder with the framing a proxy and this server could read differently
 * refused before any of it is decoded (RFC 9112 §6.1, §6.3, §5.2; request smuggling). Netty on its
 * own drops a Content-Length sent with Transfer-Encoding, joins an obs-folded line to the header
 * above it and keeps two Host headers; this decoder holds each request's head back until it is
 * complete, reads it as bytes, and turns a request with
 * <ul>
 *   <li>both Content-Length and Transfer-Encoding,</li>
 *   <li>a Transfer-Encoding other than exactly {@code chunked}, or given twice,</li>
 *   <li>Content-Length given more than once (same or different values, or a list),</li>
 *   <li>more than one Host,</li>
 *   <li>a header line that starts with a space or a tab (obs-fold),</li>
 *   <li>a header line without a colon, or whitespace between a header's name and its colon</li>
 * </ul>
 * into an invalid request ({@link Ambiguous}), which the server's invalid-request handler answers
 * with a 400 and the connection's close ({@link HttpEdge}); nothing after it on the connection is
 * read. A head larger than the server's limits is refused the same way (431).
 *
 * <p>It also bounds how long one request may take to arrive: from its first byte until its last
 * (the head and the whole body), at most {@code readTimeoutMs}; a request still incomplete then
 * has its connection closed. Where messages begin is the parent decoder's own account: it returns
 * from {@code decode} right after each message's last part, so the bytes left are the next head's.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    /** Why a request was refused: the sentence the client is told. */
    static final class Ambiguous extends RuntimeException {
        Ambiguous(String message) {
            super(message, null, false, false);
        }
    }

    private static final byte LF = '\n';
    /** Goes on over a header name's bytes: stops at its colon, or at whitespace before it. */
    private static final ByteProcessor NAME_BYTE = b -> b != ':' && b != ' ' && b != '\t';

    private final int maxHead;
    private final long readTimeoutMs;
    private boolean atMessageStart = true;
    private boolean refused;
    private ScheduledFuture<?> deadline;

    StrictRequestDecoder(HttpServerOptions options, long readTimeoutMs) {
        super(options);
        this.maxHead = options.getMaxInitialLineLength() + options.getMaxHeaderSize() + 2;
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (atMessageStart) {
            int start = firstByte(in);
            if (start < 0) {
                if (in.readableBytes() > maxHead) {
                    refuse(in, out, new TooLongHttpHeaderException("the request's head is longer than " + maxHead + " bytes"));
                }
                return;   // only blank lines so far: wait (the parent skips them)
            }
            int end = headEnd(in, start);
            if (end < 0) {
                if (in.writerIndex() - start > maxHead) {
                    refuse(in, out, new TooLongHttpHeaderException("the request's head is longer than " + maxHead + " bytes"));
                } else {
                    startDeadline(ctx);
                }
                return;   // the head is not all here: wait without letting the parent read part of it
            }
            String problem = ambiguity(in, start, end);
            if (problem != null) {
                refuse(in, out, new Ambiguous(problem));
                return;
            }
            atMessageStart = false;
        }
        int before = out.size();
        super.decode(ctx, in, out);
        if (out.size() > before && out.get(out.size() - 1) instanceof LastHttpContent) {
            atMessageStart = true;
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        } else if (!refused) {
            startDeadline(ctx);   // the rest of this message is still to come
        }
    }

    /**
     * Starts the clock of a message that did not arrive whole in one read (a request that does costs no
     * timer). It starts at the end of the read that brought the message's first bytes: the same instant,
     * as far as a client can tell, as the first byte.
     */
    private void startDeadline(ChannelHandlerContext ctx) {
        if (deadline == null) {
            deadline = ctx.executor().schedule(() -> {
                deadline = null;
                refused = true;
                ctx.channel().close();
            }, readTimeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        super.handlerRemoved0(ctx);
    }

    private void refuse(ByteBuf in, List<Object> out, RuntimeException why) {
        refused = true;
        in.skipBytes(in.readableBytes());
        DefaultHttpRequest invalid = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        invalid.setDecoderResult(DecoderResult.failure(why));
        out.add(invalid);
    }

    /** Index of the first byte that is not a control character or whitespace (the parent skips those), or -1. */
    private static int firstByte(ByteBuf in) {
        for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
            byte b = in.getByte(i);
            if (!Character.isISOControl(b) && !Character.isWhitespace(b)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Index just past the empty line that ends the head starting at {@code start}, or -1 when it has not arrived.
     * Lines are found with {@link ByteBuf#indexOf}, which checks the buffer once and reads it eight bytes at a time;
     * a byte-by-byte {@code getByte} checked it again at every byte of a request line that carries a whole code.
     */
    static int headEnd(ByteBuf in, int start) {
        int limit = in.writerIndex();
        int lineStart = start;
        for (int i = in.indexOf(start, limit, LF); i >= 0; i = in.indexOf(i + 1, limit, LF)) {
            int len = i - lineStart;
            if (len > 0 && in.getByte(i - 1) == '\r') {
                len--;
            }
            if (len == 0 && lineStart != start) {
                return i + 1;
            }
            lineStart = i + 1;
        }
        return -1;
    }

    /** The sentence that says why the head in {@code [start, end)} is refused, or null when its framing is plain. */
    static String ambiguity(ByteBuf in, int start, int end) {
        int hosts = 0;
        int lengths = 0;
        int encodings = 0;
        String encoding = null;
        int lineStart = start;
        boolean requestLine = true;
        for (int i = in.indexOf(start, end, LF); i >= 0; i = in.indexOf(i + 1, end, LF)) {
            int lineEnd = i > lineStart && in.getByte(i - 1) == '\r' ? i - 1 : i;
            int from = lineStart;
            lineStart = i + 1;
            if (requestLine) {
                requestLine = false;
                continue;
            }
            if (lineEnd == from) {
                break;   // the empty line that ends the head
            }
            byte first = in.getByte(from);
            if (first == ' ' || first == '\t') {
                return "a header line starts with a space or a tab (obsolete line folding is not accepted)";
            }
            int colon = in.forEachByte(from, lineEnd - from, NAME_BYTE);   // the line is not empty (above)
            if (colon < 0) {
                return "a header line has no colon";
            }
            if (in.getByte(colon) != ':') {
                return "a header name is followed by whitespace before its colon";
            }
            if (named(in, from, colon, "host")) {
                hosts++;
            } else if (named(in, from, colon, "content-length")) {
                lengths++;
            } else if (named(in, from, colon, "transfer-encoding")) {
                encodings++;
                encoding = in.toString(colon + 1, lineEnd - colon - 1, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .trim().toLowerCase(Locale.ROOT);
            }
        }
        if (hosts > 1) {
            return "the request has more than one Host header";
        }
        if (lengths > 0 && encodings > 0) {
            return "the request has both Content-Length and Transfer-Encoding; send one of them";
        }
        if (lengths > 1) {
            return "the request has more than one Content-Length header";
        }
        if (encodings > 1 || (encodings == 1 && !"chunked".equals(encoding))) {
            return "Transfer-Encoding must be given once, as 'chunked'";
        }
        return null;
    }

    /** Whether the header name in {@code [from, to)} is {@code lower} (given in lower case), in any case: no String made. */
    private static boolean named(ByteBuf in, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int k = 0; k < lower.length(); k++) {
            int b = in.getByte(from + k);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
