package org.markauth.issuer.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The console as a browser uses it, for HTTP-level ITs: log in, open a page, post its form with the page's CSRF token. */
public final class ConsoleForms {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private ConsoleForms() {
    }

    /** A session logged in with {@code key} (a refused key leaves it without a session). */
    public static WebClientSession login(WebClient web, String key) throws Exception {
        WebClientSession s = WebClientSession.create(web);
        HttpResponse<Buffer> r = s.post("/console/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", key))
                .await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.bodyAsString()).isIn(303, 401);
        return s;
    }

    public static HttpResponse<Buffer> get(WebClientSession s, String path) throws Exception {
        return s.get(path).send().await(30, TimeUnit.SECONDS);
    }

    /** Posts {@code form} to {@code path} with the CSRF token read from {@code page}, as the page's form would. */
    public static HttpResponse<Buffer> post(WebClientSession s, String page, String path, MultiMap form) throws Exception {
        Matcher m = CSRF.matcher(get(s, page).bodyAsString());
        assertThat(m.find()).isTrue();
        return s.post(path).sendForm(form.add("csrf", m.group(1))).await(30, TimeUnit.SECONDS);
    }
}
