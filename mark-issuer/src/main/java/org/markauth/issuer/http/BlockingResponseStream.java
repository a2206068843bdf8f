package org.markauth.issuer.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An OutputStream over a chunked response, for worker threads only: each 64 KiB write waits for
 * the socket, so a producer (a print file of 1M units) is held to the client's pace and memory
 * stays bounded.
 */
public final class BlockingResponseStream extends OutputStream {

    private final HttpServerResponse res;
    private final byte[] buf = new byte[1 << 16];
    private int n;

    public BlockingResponseStream(HttpServerResponse res) {
        this.res = res;
    }

    @Override
    public void write(int b) throws IOException {
        if (n == buf.length) {
            flush();
        }
        buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (n == buf.length) {
                flush();
            }
            int k = Math.min(len, buf.length - n);
            System.arraycopy(b, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
        }
    }

    @Override
    public void flush() throws IOException {
        if (n == 0) {
            return;
        }
        Buffer chunk = Buffer.buffer(n).appendBytes(buf, 0, n);
        n = 0;
        try {
            res.write(chunk).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            throw new IOException("client went away: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
