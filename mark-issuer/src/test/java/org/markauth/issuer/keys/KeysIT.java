package org.markauth.issuer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.REGULATOR;
import static org.markauth.issuer.IssuerFixture.order;

import com.datastax.oss.driver.api.core.cql.Row;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.markauth.access.Principal;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.print.CsvWorkOrder;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.KeyStatus;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.VerdictCode;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysIT {

    static IssuerFixture fx;
    static SigningKeys keys;
    static Product product;
    static final Principal MAKER = Principal.manufacturer("line-1", "KEYS");

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_keys_it");
        keys = fx.services.keys;
        fx.licensee("KEYS");
        product = fx.licensedProduct("KEYS");
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    static TrustList trustList() {
        return TrustListCodec.decodeAndVerify(keys.latestTrustListDocument().orElseThrow(), List.of(keys.root()));
    }

    static String firstCode(int batchId) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWorkOrder w = new CsvWorkOrder(out, CsvWorkOrder.Format.TXT)) {
            fx.services.batches.print(MAKER, batchId, 1, 1, w);
        }
        return out.toString(StandardCharsets.US_ASCII).trim();
    }

    @Test
    @Order(1)
    void rotationRetiresTheOldKeyWhoseCodesStillVerifyAndRevocationStopsThem() throws Exception {
        assertThatThrownBy(() -> fx.services.batches.order(MAKER, order(product.productId(), 5, "nokey")))
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("NO_ACTIVE_KEY"));
        SigningKey k1 = keys.rotate(REGULATOR, null);
        assertThat(k1.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        long seq1 = trustList().sequence();
        Batch old = fx.issued(MAKER, product, 5, "with-k1");
        assertThat(old.keyId()).isEqualTo(k1.keyId().value());

        SigningKey k2 = keys.rotate(REGULATOR, SignatureAlgorithm.SM2_SM3);
        TrustList t2 = trustList();
        assertThat(t2.sequence()).isEqualTo(seq1 + 1);
        assertThat(t2.key(k1.keyId()).orElseThrow().status()).isEqualTo(KeyStatus.RETIRED);
        assertThat(t2.key(k2.keyId()).orElseThrow().status()).isEqualTo(KeyStatus.ACTIVE);
        Batch fresh = fx.issued(MAKER, product, 5, "with-k2");
        assertThat(fresh.keyId()).isEqualTo(k2.keyId().value());

        OfflineVerifier v2 = OfflineVerifier.create(t2, OfflineVerifier.Options.defaults());
        assertThat(v2.verify(firstCode(old.batchId())).isGenuine()).as("retired key's codes still verify").isTrue();
        assertThat(v2.verify(firstCode(fresh.batchId())).isGenuine()).as("SM2 codes verify").isTrue();
        String oldCode = firstCode(old.batchId());

        keys.revoke(REGULATOR, k1.keyId(), "key file leaked");
        TrustList t3 = trustList();
        assertThat(t3.sequence()).isEqualTo(seq1 + 2);
        assertThat(t3.key(k1.keyId()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(OfflineVerifier.create(t3, OfflineVerifier.Options.defaults()).verify(oldCode).code())
                .isEqualTo(VerdictCode.KEY_REVOKED);
        assertThatThrownBy(() -> firstCode(old.batchId()))
                .satisfies(e -> assertThat(((IssuerException) e).code()).isEqualTo("KEY_REVOKED"));
        assertThatThrownBy(() -> keys.revoke(MAKER, k2.keyId(), "x")).isInstanceOf(IssuerException.Forbidden.class);
        assertThatThrownBy(() -> keys.rotate(MAKER, null)).isInstanceOf(IssuerException.Forbidden.class);
    }

    @Test
    @Order(2)
    void privatePartsAreStoredSealedUnderTheKekBoundToTheKeyId() {
        SigningKey k = keys.rotate(REGULATOR, null);
        Row r = fx.ks.session().execute("SELECT encrypted_private_key FROM signing_keys WHERE key_id = ?",
                java.nio.ByteBuffer.wrap(SigningKeys.idBytes(k.keyId()))).one();
        byte[] sealed = new byte[r.getByteBuffer(0).remaining()];
        r.getByteBuffer(0).duplicate().get(sealed);
        assertThat(sealed).hasSize(1 + 8 + 12 + 32 + 16);
        assertThat(Kek.sealedUnder(sealed)).contains(fx.kek.id());
        byte[] priv = fx.kek.open(sealed, SigningKeys.idBytes(k.keyId()));
        assertThat(org.markauth.sdk.crypto.KeyPairs.publicKeyOf(k.algorithm(), priv)).isEqualTo(k.publicKey());
        assertThatThrownBy(() -> fx.kek.open(sealed, new byte[] {0, 0, 0, 0})).isInstanceOf(KeyStoreException.class);
    }
}
