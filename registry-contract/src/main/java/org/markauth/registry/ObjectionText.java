package org.markauth.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * When two objections to a public notice are one text (docs/certification.md, "Objections"). Both
 * services decide it: verify-api folds a filing onto the same client's earlier one (V030
 * {@code fold_key}), the issuer dismisses "every pending objection with this text" in bulk
 * ({@code text_key}); if they disagreed, a resend the public form folded could escape the office's
 * bulk dismissal, or the reverse. So the rule lives here, once.
 *
 * <p>The text is NFKC-normalised first (fullwidth Ｌｉｋｅ ｔｈｉｓ and half-width letters, ideographic
 * and ASCII punctuation variants compare equal), then every run of Unicode whitespace (U+3000, NBSP,
 * line breaks, not only ASCII {@code \s}) becomes one space, and the ends are stripped. Other
 * changes (one character more) make another text: the per-client cap, not folding, bounds those.
 */
public final class ObjectionText {

    /** Unicode-aware: {@code \s} under UNICODE_CHARACTER_CLASS matches U+3000 and the other Zs/Zl/Zp spaces. */
    private static final Pattern SPACES = Pattern.compile("(?U)\\s+");

    private ObjectionText() {
    }

    /** The text as folding compares it: NFKC, Unicode whitespace runs as one space, stripped. */
    public static String fold(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an objection's text is required");
        }
        return SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll(" ").strip();
    }

    /** SHA-256 (hex) of the folded text: the same text from anyone ({@code cert_objections.text_key}). */
    public static String textKey(String text) {
        return sha256("", fold(text));
    }

    /** SHA-256 (hex) of the client hash and the folded text: the same text from the same client ({@code cert_objections.fold_key}). */
    public static String foldKey(String clientHash, String text) {
        if (clientHash == null || clientHash.isEmpty()) {
            throw new IllegalArgumentException("a fold key needs the filer's client hash");
        }
        return sha256(clientHash + "\n", fold(text));
    }

    private static String sha256(String prefix, String folded) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prefix.getBytes(StandardCharsets.UTF_8));
            d.update(folded.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
