package org.markauth.http;

import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words of one service in both languages, from its message bundles
 * ({@code <base>_zh.properties}, {@code <base>_en.properties} on the class path, UTF-8). Templates and
 * error sentences take their text from here, never from Java literals. A missing key is a programming
 * error and fails at start-up ({@link #requireKeys}) or in tests, not silently on a page.
 *
 * <p>Arguments use {@link MessageFormat} ({@code {0}}); apostrophes in a pattern must be doubled.
 */
public final class Messages {

    private final String base;
    private final Map<Lang, ResourceBundle> bundles = new EnumMap<>(Lang.class);

    private Messages(String base, ClassLoader loader) {
        this.base = base;
        for (Lang l : Lang.values()) {
            // the bundle's own file only (no fall-back to the JVM's default locale)
            bundles.put(l, ResourceBundle.getBundle(base, l.locale(), loader,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
        }
    }

    /** The bundles named {@code base} ({@code "messages"} reads {@code messages_zh.properties} and {@code messages_en.properties}). */
    public static Messages load(String base, ClassLoader loader) {
        return new Messages(base, loader);
    }

    /** The sentence for {@code key} in {@code lang}, with its {@code {n}} arguments filled in. */
    public String get(Lang lang, String key, Object... args) {
        String pattern;
        try {
            pattern = bundles.get(lang).getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no message '" + key + "' in " + base + "_" + lang.locale().getLanguage()
                    + ".properties", e);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, lang.locale()).format(args);
    }

    /** Whether {@code key} exists in every language. */
    public boolean has(String key) {
        return bundles.values().stream().allMatch(b -> b.containsKey(key));
    }

    /** Fails naming every key that one language has and another lacks: both bundles must say the same things. */
    public Messages requireKeys() {
        ResourceBundle zh = bundles.get(Lang.ZH);
        ResourceBundle en = bundles.get(Lang.EN);
        var onlyZh = zh.keySet().stream().filter(k -> !en.containsKey(k)).sorted().toList();
        var onlyEn = en.keySet().stream().filter(k -> !zh.containsKey(k)).sorted().toList();
        if (!onlyZh.isEmpty() || !onlyEn.isEmpty()) {
            throw new IllegalStateException(base + " bundles disagree: only in zh " + onlyZh + ", only in en " + onlyEn);
        }
        return this;
    }

    /** The words of one language, for a template: {@code t.get("verdict.genuine")}. */
    public Words in(Lang lang) {
        return new Words(this, lang);
    }

    /** One language's view of the bundles, handed to templates so they never pass the language around. */
    public record Words(Messages messages, Lang lang) {
        public String get(String key, Object... args) {
            return messages.get(lang, key, args);
        }
    }
}
