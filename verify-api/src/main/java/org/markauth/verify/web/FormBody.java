package org.markauth.verify.web;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.markauth.http.ApiError;

/**
 * Reads an HTML form (URL-encoded or multipart) before its route's handler runs: the fields into
 * the request's form attributes, the file parts into memory, at most {@code maxBytes} for the whole
 * body. The report form is the one user: its photos go to Cassandra anyway, so they are never
 * written to a temporary file. A body Netty's form decoder refuses is BAD_FORM.
 *
 * <p>Why not vertx-web's {@code BodyHandler}: it streams each file part to disk and moves on when
 * every part has ended, but a multipart body that stops inside a file part (no closing boundary)
 * never ends that part — Netty's decoder gives no signal for it — so the request waited for the
 * request timeout. Here the parts are read without back-pressure, so every complete part has
 * ended by the time the request ends; one still open then is a body cut short: BAD_BODY at once.
 */
public final class FormBody implements Handler<RoutingContext> {

    private static final String KEY = FormBody.class.getName();

    private final int maxBytes;

    public FormBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A file part of the form, complete. */
    public record Upload(String name, String fileName, String contentType, Buffer data) {
    }

    /** The file parts read by this handler, in order; empty for a URL-encoded form. */
    public static List<Upload> uploads(RoutingContext ctx) {
        List<Upload> read = ctx.get(KEY);
        return read == null ? List.of() : read;
    }

    /** The media types of an HTML form, as {@link #accepting} names them. */
    public static final List<String> FORM_TYPES = List.of("application/x-www-form-urlencoded", "multipart/form-data");

    /** The media type of the request, lower case without parameters; "" when absent. */
    public static String mediaType(RoutingContext ctx) {
        String ct = ctx.request().getHeader("Content-Type");
        return ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /**
     * A form route's first handler: a request of any media type but {@code accepted} (JSON on a
     * form-only route, no type, an odd one) is {@code 415 UNSUPPORTED_MEDIA} naming the types,
     * before a byte of its body is read and before a rate limit counts it; an accepted one has its
     * body held ({@link #hold}) for the reader further on. The objection form and the report route
     * use it, so both refuse alike (the hostile drill found the objection form's 500s).
     */
    public static Handler<RoutingContext> accepting(List<String> accepted) {
        Set<String> types = Set.copyOf(accepted);
        String words = accepted.size() == 1 ? accepted.get(0)
                : String.join(", ", accepted.subList(0, accepted.size() - 1)) + " or " + accepted.get(accepted.size() - 1);
        return ctx -> {
            if (types.contains(mediaType(ctx))) {
                hold(ctx);
            } else {
                ctx.fail(new ApiError(ErrorCode.UNSUPPORTED_MEDIA, words));
            }
        };
    }

    /**
     * Holds the body (paused) while the handlers before the reader run (a rate limit asking Redis),
     * so none of it is lost before the reader reads it; a request refused before then has its body
     * drained once answered, so the connection can carry the next request. Then the next handler.
     */
    public static void hold(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        ctx.addEndHandler(v -> {
            if (!req.isEnded()) {
                req.resume();
            }
        });
        ctx.next();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (declaredLength(req) > maxBytes) {
            ctx.fail(tooLarge());
            return;
        }
        String type = req.getHeader("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")
                && !type.toLowerCase(Locale.ROOT).matches(".*;\\s*boundary=\\s*\"?[^\\s\";]+.*")) {
            // without a boundary Netty reads no part at all: the form would look empty
            ctx.fail(new ApiError(ErrorCode.BAD_FORM, null));
            return;
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader("Expect")) && req.version() == HttpVersion.HTTP_1_1) {
            ctx.response().writeContinue();
        }
        new Reading(ctx).start();
    }

    /** The Content-Length, or -1 when absent (chunked) or unreadable (Netty refuses that request before us). */
    private static long declaredLength(HttpServerRequest req) {
        try {
            String v = req.getHeader("Content-Length");
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private ApiError tooLarge() {
        return new ApiError(ErrorCode.BODY_TOO_LARGE, Integer.toString(maxBytes));
    }

    /** The state of one request's body while it arrives (all on the request's event loop). */
    private final class Reading {
        private final RoutingContext ctx;
        private final List<Part> parts = new ArrayList<>();
        /** A URL-encoded body as sent, to check its %-escapes (Netty's decoder lets a bad one through as a missing field). */
        private final Buffer urlEncoded;
        private long bytes;
        private boolean failed;

        Reading(RoutingContext ctx) {
            this.ctx = ctx;
            String type = ctx.request().getHeader("Content-Type");
            urlEncoded = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                    ? Buffer.buffer() : null;
        }

        void start() {
            HttpServerRequest req = ctx.request();
            req.setExpectMultipart(true);
            req.uploadHandler(this::part);
            req.handler(this::data);
            req.exceptionHandler(this::fail);
            req.endHandler(v -> end());
            req.resume();
        }

        private void part(HttpServerFileUpload upload) {
            Part p = new Part(upload.name(), upload.filename(), upload.contentType());
            parts.add(p);
            upload.handler(chunk -> {
                if (!failed) {
                    p.data.appendBuffer(chunk);
                }
            });
            upload.endHandler(v -> p.ended = true);
            upload.exceptionHandler(this::fail);
        }

        /** Every byte of the body passes here too (after the multipart decoder saw it): the size limit. */
        private void data(Buffer chunk) {
            bytes += chunk.length();
            if (bytes > maxBytes) {
                fail(tooLarge());
            } else if (urlEncoded != null) {
                urlEncoded.appendBuffer(chunk);
            }
        }

        private void end() {
            if (failed) {
                return;
            }
            if (urlEncoded != null && !percentEscapesValid(urlEncoded)) {
                fail(new ApiError(ErrorCode.BAD_FORM, null));
                return;
            }
            if (parts.stream().anyMatch(p -> !p.ended)) {
                fail(new ApiError(ErrorCode.BAD_BODY, "the multipart form ends inside a part (its closing boundary is missing)"));
                return;
            }
            ctx.put(KEY, parts.stream().map(p -> new Upload(p.name, p.fileName, p.contentType, p.data)).toList());
            ctx.next();
        }

        private void fail(Throwable t) {
            if (!failed) {
                failed = true;
                ctx.fail(formDecoding(t) ? new ApiError(ErrorCode.BAD_FORM, null) : t);
            }
        }
    }

    /**
     * Whether Netty's form decoder refused the body (a multipart type without a boundary, a bad
     * %-escape in a URL-encoded form, a broken part header): the form's encoding, BAD_FORM.
     */
    static boolean formDecoding(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().startsWith("io.netty.handler.codec.http.multipart.")) {
                return true;
            }
        }
        return false;
    }

    /** Whether every '%' of a URL-encoded body starts a two-hex-digit escape. */
    static boolean percentEscapesValid(Buffer body) {
        for (int i = 0; i < body.length(); i++) {
            if (body.getByte(i) == '%' && (i + 2 >= body.length() || !hex(body.getByte(i + 1)) || !hex(body.getByte(i + 2)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }

    private static final class Part {
        final String name;
        final String fileName;
        final String contentType;
        final Buffer data = Buffer.buffer();
        boolean ended;

        Part(String name, String fileName, String contentType) {
            this.name = name;
            this.fileName = fileName;
            this.contentType = contentType;
        }
    }
}
