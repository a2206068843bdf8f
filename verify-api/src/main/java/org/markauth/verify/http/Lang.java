package org.markauth.verify.http;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The answer language: Chinese by default; English when asked by {@code ?lang=en}, the
 * {@code lang} cookie (set by the page's switch) or an Accept-Language preferring English.
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

    public String tag() {
        return tag;
    }

    public Lang other() {
        return this == ZH ? EN : ZH;
    }

    /** The request's language; never throws, so the error renderer can always use it. */
    public static Lang of(RoutingContext ctx) {
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
        return fromAcceptLanguage(ctx.request().getHeader("Accept-Language"));
    }

    public static Lang parse(String s) {
        if (s == null) {
            return null;
        }
        String v = s.trim().toLowerCase(Locale.ROOT);
        return v.startsWith("en") ? EN : v.startsWith("zh") ? ZH : null;
    }

    /** The first supported language in the header's preference order (q-values respected). */
    static Lang fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return ZH;
        }
        Lang best = null;
        double bestQ = -1;
        for (String part : header.split(",")) {
            String[] p = part.trim().split(";");
            Lang l = parse(p[0]);
            double q = 1;
            for (int i = 1; i < p.length; i++) {
                String a = p[i].trim();
                if (a.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(a.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (l != null && q > bestQ) {
                best = l;
                bestQ = q;
            }
        }
        return best == null ? ZH : best;
    }
}
