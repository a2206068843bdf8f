package org.markauth.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK core (everything but the image and cli packages) must run on Android and stay free of
 * server code: no AWT, ImageIO, Swing, ZXing's javase module, Vert.x or Cassandra.
 */
class CoreDependencyTest {
    private static final List<String> FORBIDDEN = List.of("java.awt", "javax.imageio", "javax.swing",
            "com.google.zxing.client.j2se", "io.vertx", "com.datastax", "org.apache.cassandra");

    @Test
    void coreSourcesImportNoDesktopOrServerPackages() throws IOException {
        Path root = Path.of("src/main/java/org/markauth/sdk");
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> core = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(root.resolve("image")) && !p.startsWith(root.resolve("cli"))).toList();
            assertThat(core).hasSizeGreaterThan(20);
            for (Path p : core) {
                String src = Files.readString(p);
                for (String f : FORBIDDEN) {
                    assertThat(src).as("%s must not use %s", p, f).doesNotContain("import " + f);
                }
            }
        }
    }
}
