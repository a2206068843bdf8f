package org.markauth.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A secret passed by reference ({@code file:PATH} or {@code env:NAME}), so that configuration
 * files, flags and logs never hold the secret itself. {@link #toString()} shows only the reference.
 */
public final class Secret {
    private final String scheme;
    private final String target;

    private Secret(String scheme, String target) {
        this.scheme = scheme;
        this.target = target;
    }

    public static Secret parse(String reference) {
        int colon = reference.indexOf(':');
        String scheme = colon < 0 ? "" : reference.substring(0, colon);
        String target = colon < 0 ? "" : reference.substring(colon + 1);
        if (!(scheme.equals("file") || scheme.equals("env")) || target.isBlank()) {
            throw new IllegalArgumentException("secrets are given by reference: file:PATH or env:NAME, never inline");
        }
        return new Secret(scheme, target);
    }

    public static Secret ofFile(Path path) {
        return new Secret("file", path.toString());
    }

    public static Secret ofEnv(String name) {
        return new Secret("env", name);
    }

    /**
     * Reads the secret's bytes (a trailing newline in a file is dropped). The caller should zero
     * the array when done.
     *
     * @throws IllegalStateException when the file or variable is missing
     */
    public byte[] reveal() {
        if (scheme.equals("env")) {
            String v = System.getenv(target);
            if (v == null || v.isEmpty()) {
                throw new IllegalStateException("secret variable " + target + " is not set");
            }
            return v.getBytes(StandardCharsets.UTF_8);
        }
        try {
            byte[] bytes = Files.readAllBytes(Path.of(target));
            int n = bytes.length;
            while (n > 0 && (bytes[n - 1] == '\n' || bytes[n - 1] == '\r')) {
                n--;
            }
            if (n == bytes.length) {
                return bytes;
            }
            byte[] trimmed = java.util.Arrays.copyOf(bytes, n);
            java.util.Arrays.fill(bytes, (byte) 0);
            return trimmed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + target, e);
        }
    }

    /** The secret as text, for APIs that only take strings (passwords of drivers). */
    public String revealString() {
        return new String(reveal(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return scheme + ":" + target;
    }
}
