package org.markauth.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 as bytes on a plain {@link Socket}, for the requests a well-behaved client library
 * refuses to send (ambiguous framing, folded headers, half-sent requests): what the server answered
 * and whether it closed the connection, with how long that took.
 */
public final class RawHttp {

    /** What came back: the bytes as text (ISO-8859-1), whether the server closed the connection, and when. */
    public record Answer(String text, boolean closed, long millis) {
        public int status() {
            return text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        /** The value of response header {@code name} (the first), or null. */
        public String header(String name) {
            for (String line : head().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public String head() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? text : text.substring(0, end);
        }

        public String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }

    private final String host;
    private final int port;

    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public RawHttp(int port) {
        this("127.0.0.1", port);
    }

    /** Sends {@code request} and reads until the server closes the connection or stays silent for {@code waitMs}. */
    public Answer send(String request, int waitMs) {
        long start = System.nanoTime();
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(waitMs);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            boolean closed;
            while (true) {
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    got.write(buf, 0, n);
                } catch (SocketTimeoutException silent) {
                    closed = false;
                    break;
                } catch (SocketException reset) {
                    closed = true;
                    break;
                }
            }
            return new Answer(got.toString(StandardCharsets.ISO_8859_1), closed, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #send} waiting up to 10 s. */
    public Answer send(String request) {
        return send(request, 10_000);
    }
}
