package org.markauth.drills;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** HTTP no client library would send, on a plain socket: the answer's status, or how the connection ended. */
final class RawHttp {

    /** {@code status} is the answer's code, or -1 with {@code ending} "closed" (no answer), "reset" or "timeout". */
    record Outcome(int status, String ending, String head, String body) {
        String label() {
            return status > 0 ? String.valueOf(status) : ending;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code bytes}, ends the sending side (FIN) and reads the answer until the server closes or {@code timeoutMs} passes. */
    static Outcome exchange(int port, byte[] bytes, int timeoutMs) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(timeoutMs);
            OutputStream o = s.getOutputStream();
            try {
                o.write(bytes);
                o.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                return read(s, "reset");   // the server closed while we were still sending (too large, refused early)
            }
            return read(s, "closed");
        } catch (IOException e) {
            return new Outcome(-1, "reset", "", "");
        }
    }

    private static Outcome read(Socket s, String noAnswer) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        String ending = noAnswer;
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            while (got.size() < 256 * 1024 && (n = in.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            ending = "timeout";
        } catch (IOException e) {
            ending = "reset";
        }
        String text = got.toString(StandardCharsets.ISO_8859_1);
        if (text.startsWith("HTTP/1.") && text.length() >= 12) {
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : new String(got.toByteArray(), end + 4, got.size() - end - 4, StandardCharsets.UTF_8);
            try {
                return new Outcome(Integer.parseInt(text.substring(9, 12)), ending, head, body);
            } catch (NumberFormatException e) {
                return new Outcome(-1, "garbled", head, body);
            }
        }
        return new Outcome(-1, ending, "", "");
    }

    /** A connection that sent part of a request head and then nothing: does the server ever close it? */
    static final class Idle implements AutoCloseable {
        private final Socket socket;
        private final long openedAt = System.nanoTime();

        Idle(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        /** True when the server has closed it (or answered it, e.g. 408) by now. */
        boolean closedByServer() {
            try {
                socket.setSoTimeout(50);
                return socket.getInputStream().read() != -2;   // -1 (closed) or a byte of an answer
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;   // reset
            }
        }

        long seconds() {
            return (System.nanoTime() - openedAt) / 1_000_000_000L;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
