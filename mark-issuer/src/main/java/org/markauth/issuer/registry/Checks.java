package org.markauth.issuer.registry;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Field checks shared by the registry records; each failure names the field and the rule. */
public final class Checks {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Checks() {
    }

    public static void id(String field, String v) {
        if (v == null || !ID.matcher(v).matches()) {
            throw new IllegalArgumentException(field + " must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit; got "
                    + (v == null ? "none" : "'" + v + "'"));
        }
    }

    public static void text(String field, String v, int min, int max) {
        if (v == null || v.isBlank() || v.length() < min || v.length() > max) {
            throw new IllegalArgumentException(field + " is required and must be " + min + "-" + max + " characters");
        }
    }

    public static void optionalText(String field, String v, int max) {
        if (v != null && v.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters, got " + v.length());
        }
    }

    public static Map<String, String> smallMap(String field, Map<String, String> m, int maxEntries, int maxLen) {
        if (m == null) {
            return Map.of();
        }
        if (m.size() > maxEntries) {
            throw new IllegalArgumentException(field + " may have at most " + maxEntries + " entries, got " + m.size());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            text(field + " key", k, 1, 100);
            text(field + "." + k, v, 1, maxLen);
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }

    public static List<String> urls(String field, List<String> urls, int max) {
        if (urls == null) {
            return List.of();
        }
        if (urls.size() > max) {
            throw new IllegalArgumentException(field + " may list at most " + max + " URLs, got " + urls.size());
        }
        for (String u : urls) {
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(field + ": '" + u + "' is not a URL");
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(field + ": '" + u + "' must be an http(s) URL with a host");
            }
        }
        return List.copyOf(urls);
    }
}
