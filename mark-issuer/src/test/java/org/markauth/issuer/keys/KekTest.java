package org.markauth.issuer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.config.Secret;

class KekTest {

    @TempDir
    Path dir;

    private Kek kek(String content) throws Exception {
        Path f = Files.createTempFile(dir, "kek", ".txt");
        Files.writeString(f, content + "\n");
        return Kek.fromSecret(Secret.ofFile(f));
    }

    @Test
    void sealsAndOpensBoundToTheAad() throws Exception {
        Kek kek = kek(Kek.generateEncoded());
        byte[] secret = "private key bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] env = kek.seal(secret, new byte[] {1, 2});
        assertThat(env[0]).isEqualTo((byte) 2);
        assertThat(env).hasSize(1 + 8 + 12 + secret.length + 16);
        assertThat(kek.open(env, new byte[] {1, 2})).isEqualTo(secret);
        assertThatThrownBy(() -> kek.open(env, new byte[] {1, 3}))
                .isInstanceOf(KeyStoreException.class).hasMessageContaining("does not open");
    }

    @Test
    void twoSealsOfTheSameSecretDiffer() throws Exception {
        Kek kek = kek(Kek.generateEncoded());
        assertThat(kek.seal(new byte[8], new byte[0])).isNotEqualTo(kek.seal(new byte[8], new byte[0]));
    }

    @Test
    void anotherKekCannotOpen() throws Exception {
        byte[] env = kek(Kek.generateEncoded()).seal(new byte[8], new byte[0]);
        Kek other = kek(Kek.generateEncoded());
        assertThatThrownBy(() -> other.open(env, new byte[0])).hasMessageContaining("wrong KEK");
    }

    @Test
    void anEnvelopeNamesTheKekItWasSealedUnderAndTheHeaderIsAuthenticated() throws Exception {
        String encoded = Kek.generateEncoded();
        Kek kek = kek(encoded);
        assertThat(kek.id()).matches("kek:[0-9a-f]{16}").isEqualTo(kek(encoded).id());
        assertThat(kek(Kek.generateEncoded()).id()).isNotEqualTo(kek.id());
        byte[] env = kek.seal(new byte[] {7}, new byte[0]);
        assertThat(Kek.sealedUnder(env)).contains(kek.id());
        assertThat(kek.sealedThis(env)).isTrue();
        assertThatThrownBy(() -> kek(Kek.generateEncoded()).open(env, new byte[0]))
                .isInstanceOf(KeyStoreException.class).hasMessageContaining("sealed under " + kek.id());
        byte[] relabelled = env.clone();
        relabelled[0] = 1;      // the same bytes read as a version-1 envelope: the header was authenticated, so no
        assertThatThrownBy(() -> kek.open(relabelled, new byte[0])).isInstanceOf(KeyStoreException.class);
    }

    @Test
    void opensVersionOneEnvelopesWrittenBeforeKekIds() throws Exception {
        byte[] key = new byte[32];
        key[0] = 5;
        Kek kek = Kek.of(key.clone());
        // 0x01 || nonce || AES-256-GCM(secret) with the bare AAD, as Kek wrote until KEK ids came
        byte[] nonce = new byte[12];
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        c.updateAAD(new byte[] {4});
        byte[] body = c.doFinal(new byte[] {42, 43});
        byte[] v1 = new byte[1 + 12 + body.length];
        v1[0] = 1;
        System.arraycopy(body, 0, v1, 13, body.length);
        assertThat(Kek.sealedUnder(v1)).isEmpty();
        assertThat(kek.sealedThis(v1)).isFalse();
        assertThat(kek.open(v1, new byte[] {4})).containsExactly(42, 43);
    }

    @Test
    void readsHexBase64OrRawFiles() throws Exception {
        Path raw = dir.resolve("kek.bin");
        Files.write(raw, new byte[32]);
        byte[] env = kek("00".repeat(32)).seal(new byte[] {9}, new byte[0]);
        assertThat(Kek.fromSecret(Secret.ofFile(raw)).open(env, new byte[0])).containsExactly(9);
        assertThat(kek("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").open(env, new byte[0])).containsExactly(9);
    }

    @Test
    void explainsBadReferences() {
        assertThatThrownBy(() -> kek("AAAA")).hasMessageContaining("must hold 32");
        assertThatThrownBy(() -> kek("not base64 !")).hasMessageContaining("neither base64");
        assertThatThrownBy(() -> Kek.fromSecret(Secret.ofFile(dir.resolve("none")))).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> Kek.fromSecret(Secret.ofEnv("MARKAUTH_TEST_NO_SUCH_KEK"))).hasMessageContaining("not set");
    }
}
