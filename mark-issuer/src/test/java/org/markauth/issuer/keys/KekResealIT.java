package org.markauth.issuer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.markauth.issuer.IssuerFixture.REGULATOR;
import static org.markauth.issuer.IssuerFixture.order;

import com.datastax.oss.driver.api.core.cql.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.access.Principal;
import org.markauth.config.Secret;
import org.markauth.issuer.IssuerFixture;
import org.markauth.testing.StackConfig;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.invalidation.Invalidations;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.cli.IssuerCli;
import org.markauth.issuer.print.CsvWorkOrder;
import org.markauth.issuer.registry.Product;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.verify.OfflineVerifier;

/**
 * KEK rotation against the real Cassandra node: every sealed secret (two signing keys of both
 * algorithms, the trust-list root, the serial key) moves to the new KEK, checked; the issuer then
 * works with the new KEK only; a run that stopped half-way resumes; a secret that does not check
 * out is reported and left; the CLI does the same and records it in the audit trail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KekResealIT {

    static final Principal MAKER = Principal.manufacturer("line-1", "RESEAL");
    static IssuerFixture fx;
    static List<Batch> batches = new ArrayList<>();
    static List<String> codes = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        fx = new IssuerFixture("issuer_reseal_it");
        fx.licensee("RESEAL");
        Product product = fx.licensedProduct("RESEAL");
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            fx.services.keys.rotate(REGULATOR, alg);
            Batches.Ordered o = fx.services.batches.order(MAKER, order(product.productId(), 3, "reseal-" + alg));
            fx.services.batches.issue(o.batch(), null, Batches.ProgressListener.none());
            batches.add(o.batch());
            codes.add(firstCode(fx.services, o.batch()));
        }
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    static String firstCode(IssuerServices s, Batch b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWorkOrder w = new CsvWorkOrder(out, CsvWorkOrder.Format.TXT)) {
            s.batches.print(MAKER, b.batchId(), 1, 1, w);
        }
        return out.toString(StandardCharsets.US_ASCII).trim();
    }

    static Path kekFile(String name) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, Kek.generateEncoded() + "\n");
        return f;
    }

    static Kek kek(Path file) {
        return Kek.fromSecret(Secret.ofFile(file));
    }

    /** The KEK id each sealed row names, signing keys first. */
    static List<String> sealedUnder() {
        List<String> out = new ArrayList<>();
        for (Row r : fx.ks.session().execute("SELECT encrypted_private_key FROM signing_keys")) {
            out.add(Kek.sealedUnder(SecretStore.bytes(r.getByteBuffer(0))).orElse("v1"));
        }
        for (Row r : fx.ks.session().execute("SELECT encrypted FROM issuer_secrets")) {
            out.add(Kek.sealedUnder(SecretStore.bytes(r.getByteBuffer(0))).orElse("v1"));
        }
        return out;
    }

    static IssuerServices servicesWith(Kek kek) {
        return new IssuerServices(fx.ks.session(), kek, Invalidations.none(), fx.clock, fx.services.settings);
    }

    static Path b;
    static Path c;
    static Path d;

    @Test
    @Order(1)
    void everySealedSecretMovesToTheNewKekAndTheIssuerThenWorksWithItAlone() throws Exception {
        b = kekFile("kek-b");
        Kek newKek = kek(b);
        KekReseal.Summary s = new KekReseal(fx.ks.session()).run(fx.kek, newKek, i -> { });
        assertThat(s.items()).extracting(KekReseal.Item::secret).anyMatch(x -> x.contains("(ED25519)"))
                .anyMatch(x -> x.contains("(SM2_SM3)")).contains("issuer secret trust-root", "issuer secret serial-prp");
        assertThat(s.items()).hasSize(4).allMatch(i -> i.outcome() == KekReseal.Outcome.RESEALED);
        assertThat(s.complete()).isTrue();
        assertThat(sealedUnder()).hasSize(4).containsOnly(newKek.id());

        IssuerServices withNew = servicesWith(newKek);
        long before = withNew.keys.publishTrustList();
        assertThat(withNew.keys.publishTrustList()).isEqualTo(before + 1);   // the root opens under the new KEK
        TrustList list = TrustListCodec.decodeAndVerify(withNew.keys.latestTrustListDocument().orElseThrow(),
                List.of(withNew.keys.root()));
        OfflineVerifier verifier = OfflineVerifier.create(list, OfflineVerifier.Options.defaults());
        for (int i = 0; i < batches.size(); i++) {
            String again = firstCode(withNew, batches.get(i));
            assertThat(verifier.verify(again).isGenuine()).as("batch %s signed with its resealed key", i).isTrue();
            if (withNew.keys.key(new KeyId(batches.get(i).keyId())).orElseThrow().algorithm() == SignatureAlgorithm.ED25519) {
                // Ed25519 is deterministic: the same code, so the serial key opened unchanged too (SM2 signs randomly)
                assertThat(again).isEqualTo(codes.get(i));
            }
        }
        assertThatThrownBy(() -> servicesWith(fx.kek)).isInstanceOf(KeyStoreException.class)
                .hasMessageContaining("sealed under " + newKek.id());
        assertThatThrownBy(() -> new KekReseal(fx.ks.session()).run(newKek, kek(b), i -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same key");
    }

    @Test
    @Order(2)
    void aRunThatStoppedHalfWayIsResumedAndSkipsWhatItAlreadyMoved() throws Exception {
        c = kekFile("kek-c");
        AtomicInteger seen = new AtomicInteger();
        assertThatThrownBy(() -> new KekReseal(fx.ks.session()).run(kek(b), kek(c), i -> {
            if (seen.incrementAndGet() == 1) {
                throw new IllegalStateException("the operator's terminal closed");
            }
        })).hasMessageContaining("terminal closed");
        assertThat(sealedUnder()).filteredOn(kek(c).id()::equals).hasSize(1);

        KekReseal.Summary again = new KekReseal(fx.ks.session()).run(kek(b), kek(c), i -> { });
        assertThat(again.count(KekReseal.Outcome.ALREADY_UNDER_NEW_KEK)).isEqualTo(1);
        assertThat(again.count(KekReseal.Outcome.RESEALED)).isEqualTo(3);
        assertThat(sealedUnder()).containsOnly(kek(c).id());
    }

    @Test
    @Order(3)
    void aSecretThatDoesNotCheckOutIsReportedAndLeftWhileTheOthersMove() throws Exception {
        d = kekFile("kek-d");
        Row key = fx.ks.session().execute("SELECT key_id, algorithm, public_key FROM signing_keys").all().stream()
                .filter(r -> r.getString("algorithm").equals("ED25519")).findFirst().orElseThrow();
        ByteBuffer id = key.getByteBuffer("key_id");
        ByteBuffer realPublic = key.getByteBuffer("public_key");
        fx.ks.session().execute("UPDATE signing_keys SET public_key = ? WHERE key_id = ?", ByteBuffer.wrap(new byte[32]), id);
        Kek stranger = kek(kekFile("kek-stranger"));
        fx.ks.session().execute("INSERT INTO issuer_secrets (name, algorithm, encrypted) VALUES ('stray', 'AES256', ?)",
                ByteBuffer.wrap(stranger.seal(new byte[32], SecretStore.aad("stray"))));

        KekReseal.Summary s = new KekReseal(fx.ks.session()).run(kek(c), kek(d), i -> { });
        assertThat(s.complete()).isFalse();
        assertThat(s.items()).filteredOn(i -> i.outcome() == KekReseal.Outcome.FAILED).extracting(KekReseal.Item::detail)
                .anyMatch(x -> x.contains("does not give the stored public key"))
                .anyMatch(x -> x.contains("does not open with the old KEK") && x.contains(stranger.id()))
                .hasSize(2);
        assertThat(s.count(KekReseal.Outcome.RESEALED)).isEqualTo(3);

        // fixed (the public key restored, the stray row removed): the next run moves the last one
        fx.ks.session().execute("UPDATE signing_keys SET public_key = ? WHERE key_id = ?", realPublic, id);
        fx.ks.session().execute("DELETE FROM issuer_secrets WHERE name = 'stray'");
        KekReseal.Summary fixed = new KekReseal(fx.ks.session()).run(kek(c), kek(d), i -> { });
        assertThat(fixed.complete()).isTrue();
        assertThat(fixed.count(KekReseal.Outcome.RESEALED)).isEqualTo(1);
        assertThat(sealedUnder()).containsOnly(kek(d).id());
    }

    @Test
    @Order(4)
    void theCliResealsPrintsASummaryAndRecordsItInTheAuditTrail() throws Exception {
        Path e = kekFile("kek-e");
        List<String> common = new ArrayList<>(StackConfig.flags(StackConfig.cassandra(fx.stack, fx.ks)));
        common.add("--actor=custodian-1");
        String[] ok = cli(common, "--old-kek=file:" + d, "--new-kek=file:" + e);
        assertThat(ok[0]).as(ok[2]).isEqualTo("0");
        assertThat(ok[1]).contains("RESEALED", "signing key", "issuer secret serial-prp")
                .contains("4 resealed, 0 already under " + kek(e).id() + ", 0 failed");
        assertThat(sealedUnder()).containsOnly(kek(e).id());
        assertThat(fx.services.changes.entity("keys:kek", 5)).anyMatch(a -> a.action().equals("keys.reseal")
                && a.actor().equals("custodian-1") && a.detail().contains(kek(e).id()));

        String[] again = cli(common, "--old-kek=file:" + d, "--new-kek=file:" + e);
        assertThat(again[1]).contains("0 resealed, 4 already under");
        String[] same = cli(common, "--old-kek=file:" + e, "--new-kek=file:" + e);
        assertThat(same[0]).isEqualTo("2");
        assertThat(same[2]).contains("same key");
        String[] inline = cli(common, "--old-kek=" + Kek.generateEncoded(), "--new-kek=file:" + e);
        assertThat(inline[0]).isEqualTo("2");
        assertThat(inline[2]).contains("by reference");
    }

    private static String[] cli(List<String> common, String... args) {
        List<String> all = new ArrayList<>(List.of("keys", "reseal"));
        all.addAll(List.of(args));
        all.addAll(common);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream er = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(er, true, StandardCharsets.UTF_8));
        try {
            int code = IssuerCli.run(all.toArray(String[]::new));
            return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), er.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
