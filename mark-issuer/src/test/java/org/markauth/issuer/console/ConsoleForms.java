package org.markauth.issuer.console;

import org.markauth.issuer.app.IssuerRouter;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.redis.client.Redis;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.recall.Recalls;

/** The console as a browser uses it, for HTTP-level ITs: log in, open a page, post its form with the page's CSRF token. */
public final class ConsoleForms {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    /** The Redis key prefix of the tests' console sessions (the issuer's default is "ma:"). */
    public static final String REDIS_PREFIX = "it:";

    private ConsoleForms() {
    }

    /** The console over the fixture's services, as the issuer's composition root builds it, its sessions in the fixture's Redis. */
    public static Console console(IssuerFixture fx) {
        return console(fx, fx.vertx, fx.redis);
    }

    /** The console of another issuer instance over the fixture's services: its own Vert.x and Redis client. */
    public static Console console(IssuerFixture fx, Vertx vertx, Redis redis) {
        return IssuerRouter.console(vertx, fx.services, new RedisSessions(vertx, redis, REDIS_PREFIX));
    }

    /** The fixture's console sessions, for {@link IssuerRouter#full}. */
    public static RedisSessions sessions(IssuerFixture fx) {
        return new RedisSessions(fx.vertx, fx.redis, REDIS_PREFIX);
    }

    /**
     * A session logged in with {@code key} (a refused key leaves it without a session), reading the
     * console in English: the tests' assertions are English words; the console's default is Chinese.
     */
    public static WebClientSession login(WebClient web, String key) throws Exception {
        return login(web, key, "en");
    }

    /** A session logged in with {@code key} whose requests send {@code Accept-Language: acceptLanguage}. */
    public static WebClientSession login(WebClient web, String key, String acceptLanguage) throws Exception {
        WebClientSession s = WebClientSession.create(web);
        s.addHeader("Accept-Language", acceptLanguage);
        HttpResponse<Buffer> r = s.post("/console/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", key))
                .await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.bodyAsString()).isIn(303, 401);
        return s;
    }

    /** A manufacturer's portal session signed in with {@code key}, its requests sending {@code Accept-Language: acceptLanguage}. */
    public static WebClientSession portalLogin(WebClient web, String key, String acceptLanguage) throws Exception {
        WebClientSession s = WebClientSession.create(web);
        s.addHeader("Accept-Language", acceptLanguage);
        HttpResponse<Buffer> r = s.post("/portal/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", key))
                .await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(303);
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
