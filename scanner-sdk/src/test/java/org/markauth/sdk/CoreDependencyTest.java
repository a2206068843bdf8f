package org.markauth.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * scanner-sdk is the core an Android app takes (docs/sdk.md), so it must stay free of what Android
 * lacks (AWT, ImageIO, Swing) and of desktop or server code (ZXing's javase module, picocli, Vert.x,
 * Cassandra). The pom's enforcer rule keeps such libraries off the class path; these checks catch
 * the JDK packages, which no dependency rule sees.
 */
class CoreDependencyTest {
    private static final List<String> FORBIDDEN = List.of("java.awt", "javax.imageio", "javax.swing",
            "com.google.zxing", "picocli", "io.vertx", "com.datastax", "org.apache.cassandra");

    @Test
    void coreSourcesImportNoDesktopOrServerPackages() throws IOException {
        Path root = Path.of("src/main/java/org/markauth/sdk");
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> core = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(core).hasSizeGreaterThan(20);
            for (Path p : core) {
                String src = Files.readString(p);
                for (String f : FORBIDDEN) {
                    assertThat(src).as("%s must not use %s", p, f).doesNotContain("import " + f);
                }
            }
        }
    }

    /**
     * Reads the compiled classes, so a fully qualified name in the code (no import line) or a name in
     * a signature is caught too: the constant pool holds every class a class refers to, in internal
     * form ({@code java/awt/image/BufferedImage}), and reflective names as string constants.
     */
    @Test
    void compiledCoreClassesReferNoDesktopOrServerPackages() throws IOException, URISyntaxException {
        Path classes = compiledCore();
        try (Stream<Path> files = Files.walk(classes)) {
            assertThat(files.filter(p -> p.toString().endsWith(".class")).count()).isGreaterThan(20);
        }
        List<String> found = forbiddenReferences(classes);
        assertThat(found).as("core classes referring to packages Android lacks or server libraries").isEmpty();
    }

    private static Path compiledCore() throws URISyntaxException {
        return Path.of(SdkException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<String> forbiddenReferences(Path classes) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            List<Path> compiled = files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
            assertThat(compiled).as("class files under %s", classes).isNotEmpty();
            for (Path p : compiled) {
                String pool = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                for (String f : FORBIDDEN) {
                    if (pool.contains(f.replace('.', '/')) || pool.contains(f + ".")) {
                        found.add(classes.relativize(p) + " -> " + f);
                    }
                }
            }
        }
        return found;
    }
}
