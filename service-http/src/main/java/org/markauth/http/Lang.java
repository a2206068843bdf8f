package org.markauth.http;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * The answer language of both services: Chinese by default; English when asked by {@code ?lang=en},
 * the {@code lang} cookie (set by a page's language switch) or an Accept-Language that prefers
 * English. The header is parsed by vertx-web ({@link RoutingContext#acceptableLanguages()}, sorted by
 * q-value); the first supported language in that order wins.
 */
public enum Lang {
    ZH(Locale.SIMPLIFIED_CHINESE, "zh-CN"),
    EN(Locale.ENGLISH, "en");

    private final Locale locale;
    private final String tag;

    Lang(Locale locale, String tag) {
        this.locale = locale;
        this.tag = tag;
    }

    public Locale locale() {
        return locale;
    }

    /** The BCP 47 tag for {@code <html lang>} and the error envelope's {@code lang}. */
    public String tag() {
        return tag;
    }

    public Lang other() {
        return this == ZH ? EN : ZH;
    }

    /** The request's language; never throws, so an error renderer can always use it. */
    public static Lang of(RoutingContext ctx) {
        return of(ctx, ZH);
    }

    /** The request's language, {@code fallback} when it names none that is supported; never throws. */
    public static Lang of(RoutingContext ctx, Lang fallback) {
        Lang l;
        try {
            l = parse(ctx.request().getParam("lang"));
        } catch (IllegalArgumentException malformedQuery) {
            l = null;
        }
        if (l != null) {
            return l;
        }
        Cookie c = ctx.request().getCookie("lang");
        if (c != null && (l = parse(c.getValue())) != null) {
            return l;
        }
        List<LanguageHeader> asked;
        try {
            asked = ctx.acceptableLanguages();
        } catch (RuntimeException malformedHeader) {
            asked = List.of();
        }
        return firstSupported(asked, fallback);
    }

    /** A language named by a switch, a cookie or a form field ({@code en}, {@code en-GB}, {@code zh-CN}…); null for others. */
    public static Lang parse(String s) {
        if (s == null) {
            return null;
        }
        String v = s.trim().toLowerCase(Locale.ROOT);
        return v.startsWith("en") ? EN : v.startsWith("zh") ? ZH : null;
    }

    /** The first supported language in the client's preference order; Chinese when none is. */
    static Lang firstSupported(List<LanguageHeader> preferred) {
        return firstSupported(preferred, ZH);
    }

    static Lang firstSupported(List<LanguageHeader> preferred, Lang fallback) {
        for (LanguageHeader h : preferred) {
            Lang l = h.weight() > 0 ? parse(h.tag()) : null;
            if (l != null) {
                return l;
            }
        }
        return fallback;
    }
}
