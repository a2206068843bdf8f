package org.markauth.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a seed produced, kept in {@code <demo dir>/state.properties} (mode 600: it holds the API
 * tokens, which the issuer shows only once) so that a re-run prints the same summary without
 * seeding again. Scanned URLs are stored as printed in the QR codes ({@code HTTPS://HOST/M/...})
 * under {@code url.<expected verdict>}; the summary turns them into local verify-api URLs.
 */
final class DemoState {

    static final String FILE = "state.properties";
    private final Map<String, String> values = new TreeMap<>();

    void put(String key, String value) {
        values.put(key, value);
    }

    /** Records a scanned URL and the verdict the verify-api must give it; the summary lists them in this order. */
    void url(String verdict, String scanned) {
        long n = values.keySet().stream().filter(k -> k.startsWith("url.")).count();
        values.put(String.format("url.%02d.%s", n + 1, verdict), scanned);
    }

    String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("demo state has no '" + key + "'; run ops/run --reset for a clean slate");
        }
        return v;
    }

    /** The value of {@code key}, if the state has one (states written by older seeds lack newer keys). */
    Optional<String> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The scanned URLs in the order recorded, each with its expected verdict. */
    List<Map.Entry<String, String>> urls() {
        List<Map.Entry<String, String>> l = new ArrayList<>();
        values.forEach((k, v) -> {
            if (k.startsWith("url.")) {
                l.add(Map.entry(k.substring(7), v));
            }
        });
        return l;
    }

    void save(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Properties p = new Properties();
        p.putAll(values);
        writePrivate(file, "");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "markauth demo seed; delete with ops/run --reset");
        }
    }

    static Optional<DemoState> load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        DemoState st = new DemoState();
        p.stringPropertyNames().forEach(k -> st.put(k, p.getProperty(k)));
        return Optional.of(st);
    }

    /** Writes {@code text} to a file only its owner can read (created so before any byte is written). */
    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
