package org.markauth.issuer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KekTest {

    private static final String B64 = Kek.generateEncoded();

    @Test
    void sealsAndOpensBoundToTheAad() {
        Kek kek = Kek.fromReference("env:K", Map.of("K", B64));
        byte[] secret = "private key bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] env = kek.seal(secret, new byte[] {1, 2});
        assertThat(env[0]).isEqualTo((byte) 1);
        assertThat(env).hasSize(1 + 12 + secret.length + 16);
        assertThat(kek.open(env, new byte[] {1, 2})).isEqualTo(secret);
        assertThatThrownBy(() -> kek.open(env, new byte[] {1, 3}))
                .isInstanceOf(KeyStoreException.class).hasMessageContaining("does not open");
    }

    @Test
    void twoSealsOfTheSameSecretDiffer() {
        Kek kek = Kek.fromReference("env:K", Map.of("K", B64));
        assertThat(kek.seal(new byte[8], new byte[0])).isNotEqualTo(kek.seal(new byte[8], new byte[0]));
    }

    @Test
    void anotherKekCannotOpen() {
        byte[] env = Kek.fromReference("env:K", Map.of("K", B64)).seal(new byte[8], new byte[0]);
        Kek other = Kek.fromReference("env:K", Map.of("K", Kek.generateEncoded()));
        assertThatThrownBy(() -> other.open(env, new byte[0])).hasMessageContaining("wrong KEK");
    }

    @Test
    void readsFileReferencesInHexBase64OrRaw(@TempDir Path dir) throws Exception {
        Path hex = dir.resolve("kek.hex");
        Files.writeString(hex, "00".repeat(32) + "\n");
        Path raw = dir.resolve("kek.bin");
        Files.write(raw, new byte[32]);
        byte[] env = Kek.fromReference("file:" + hex, Map.of()).seal(new byte[] {9}, new byte[0]);
        assertThat(Kek.fromReference("file:" + raw, Map.of()).open(env, new byte[0])).containsExactly(9);
    }

    @Test
    void explainsBadReferences() {
        assertThatThrownBy(() -> Kek.fromReference("abc", Map.of())).hasMessageContaining("file: or env:");
        assertThatThrownBy(() -> Kek.fromReference("env:NOPE", Map.of())).hasMessageContaining("NOPE is not set");
        assertThatThrownBy(() -> Kek.fromReference("env:K", Map.of("K", "AAAA"))).hasMessageContaining("must hold 32");
        assertThatThrownBy(() -> Kek.fromReference("file:/nonexistent/kek", Map.of())).hasMessageContaining("cannot read");
    }
}
