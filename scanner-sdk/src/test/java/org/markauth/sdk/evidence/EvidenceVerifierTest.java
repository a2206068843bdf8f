package org.markauth.sdk.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustRoot;

class EvidenceVerifierTest {
    private final EvidenceFixtures f = new EvidenceFixtures(5000);
    private final byte[] good = f.packageBytes();

    private EvidenceReport verify(byte[] zip) {
        return EvidenceVerifier.verify(zip, f.roots);
    }

    private static List<String> failed(EvidenceReport r) {
        return r.failures().stream().map(EvidenceReport.Check::name).toList();
    }

    @Test
    void aWrittenPackagePassesEveryCheckInOrder() {
        EvidenceReport r = verify(good);
        assertThat(r.checks()).extracting(EvidenceReport.Check::name).containsExactlyElementsOf(EvidenceVerifier.CHECKS);
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isTrue();
        assertThat(r.record().notes()).isEqualTo("摊主称货源来自广州。");
        assertThat(r.evidence().device().officer()).isEqualTo(EvidenceFixtures.OFFICER);
        assertThat(EvidenceFixtures.entries(good)).containsOnlyKeys("record.json", "evidence.json", f.photoEntry(), "evidence.pdf");
        assertThat(f.packageBytes()).as("deterministic").isEqualTo(good);
    }

    @Test
    void oneByteChangedInAPhotoFailsThePhotosCheck() {
        byte[] bad = EvidenceFixtures.tamper(good, m -> {
            m.get(f.photoEntry())[5] ^= 1;
            return m;
        });
        EvidenceReport r = verify(bad);
        assertThat(failed(r)).containsExactly("photos");
        assertThat(r.check("photos").orElseThrow().sentence()).contains("the photo was changed");
    }

    @Test
    void oneByteChangedInTheRecordFailsItsHashAndTheDeviceSignature() {
        byte[] bad = EvidenceFixtures.tamper(good, m -> {
            // 24 seized becomes 25: still a valid record, one byte changed
            m.put("record.json", new String(m.get("record.json"), StandardCharsets.UTF_8).replace("\"quantity\":24", "\"quantity\":25")
                    .getBytes(StandardCharsets.UTF_8));
            return m;
        });
        assertThat(failed(verify(bad))).containsExactly("record-hash", "device-signature");
    }

    @Test
    void theOfficerChangedInEvidenceJsonBreaksTheServerSignature() {
        byte[] bad = EvidenceFixtures.tamper(good, m -> {
            m.put("evidence.json", new String(m.get("evidence.json"), StandardCharsets.UTF_8)
                    .replace(EvidenceFixtures.OFFICER, "officer-li").getBytes(StandardCharsets.UTF_8));
            return m;
        });
        EvidenceReport r = verify(bad);
        assertThat(failed(r)).containsExactly("server-signature", "identity");
        assertThat(r.check("identity").orElseThrow().sentence()).contains("names officer officer-zhang, evidence.json says officer-li");
    }

    @Test
    void aServerKeyVouchedForByAnotherRootOrForStatusListsIsRefused() {
        MarkKeyPair other = TestKeys.keyPair(SignatureAlgorithm.ED25519, 5099);
        EvidenceReport r = EvidenceVerifier.verify(good, List.of(new TrustRoot(SignatureAlgorithm.ED25519, other.publicKey())));
        assertThat(failed(r)).containsExactly("delegation", "server-signature");
        assertThat(r.check("delegation").orElseThrow().sentence()).contains("not pinned");

        // the same key, the same signature, but a STATUS delegation: the use is wrong
        Delegation status = Delegation.issue(f.rootSigner, KeyUse.STATUS, SignatureAlgorithm.ED25519, f.receiptKey.publicKey(),
                f.delegation.validFrom(), f.delegation.validUntil());
        byte[] bad = EvidenceFixtures.tamper(good, m -> {
            m.put("evidence.json", new String(m.get("evidence.json"), StandardCharsets.UTF_8)
                    .replace(HexFormat.of().formatHex(f.delegation.encode()), HexFormat.of().formatHex(status.encode()))
                    .getBytes(StandardCharsets.UTF_8));
            return m;
        });
        EvidenceReport s = verify(bad);
        assertThat(failed(s)).containsExactly("delegation", "server-signature");
        assertThat(s.check("delegation").orElseThrow().sentence()).contains("not RECEIPT");

        // a delegation that ended before the record was received
        Delegation old = Delegation.issue(f.rootSigner, KeyUse.RECEIPT, SignatureAlgorithm.ED25519, f.receiptKey.publicKey(),
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
        assertThatThrownBy(() -> f.inspection().sign(f.receiptSigner, old)).hasMessageContaining("does not cover receivedAt");
    }

    @Test
    void aMissingPhotoAndAnExtraFileAreCaught() {
        byte[] missing = EvidenceFixtures.tamper(good, m -> {
            m.remove(f.photoEntry());
            return m;
        });
        assertThat(failed(verify(missing))).containsExactly("photos");
        assertThat(verify(missing).check("photos").orElseThrow().sentence()).contains("is missing");

        byte[] extra = EvidenceFixtures.tamper(good, m -> {
            m.put("photos/" + "ab".repeat(32) + ".png", new byte[] {1, 2, 3});
            return m;
        });
        assertThat(failed(verify(extra))).containsExactly("files");
        assertThat(verify(extra).check("files").orElseThrow().sentence()).contains("photos/abab");

        byte[] noPdf = EvidenceFixtures.tamper(good, m -> {
            m.remove("evidence.pdf");
            return m;
        });
        assertThat(verify(noPdf).passed()).as("the PDF proves nothing; its absence does not fail").isTrue();
    }

    @Test
    void hostileArchivesAreRefusedAsTheZipCheck() {
        for (String name : List.of("../record.json", "/etc/passwd", "photos/../../x", "C:\\x.json", "a\u0000b", "./record.json")) {
            byte[] bad = EvidenceFixtures.tamper(good, m -> {
                m.put(name, new byte[] {1});
                return m;
            });
            EvidenceReport r = verify(bad);
            assertThat(r.failures()).as(name).hasSize(EvidenceVerifier.CHECKS.size());
            assertThat(r.check("zip").orElseThrow().sentence()).as(name).contains("refused");
        }
        // the same name twice: written under another name of the same length, then renamed in the bytes
        byte[] dup = EvidenceFixtures.tamper(good, m -> {
            m.put("recorX.json", m.get("record.json"));
            return m;
        });
        byte[] renamed = replace(dup, "recorX.json", "record.json");
        assertThat(verify(renamed).check("zip").orElseThrow().sentence()).contains("twice");

        // the central directory shows another name than the entry checked
        byte[] cd = EvidenceFixtures.tamper(good, m -> {
            m.put("zzzzzzzz.pdf", new byte[] {1});
            return m;
        });
        byte[] lying = replaceLast(cd, "zzzzzzzz.pdf", "evidence.pdf");
        assertThat(verify(lying).check("zip").orElseThrow().sentence()).contains("central directory");

        // bytes hidden between the last entry and the central directory (which still points right)
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(good).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int eocd = good.length - 22;
        assertThat(b.getInt(eocd)).isEqualTo(0x06054b50);
        int cdOffset = b.getInt(eocd + 16);
        byte[] hidden = new byte[good.length + 4];
        System.arraycopy(good, 0, hidden, 0, cdOffset);
        System.arraycopy(new byte[] {'e', 'v', 'i', 'l'}, 0, hidden, cdOffset, 4);
        System.arraycopy(good, cdOffset, hidden, cdOffset + 4, good.length - cdOffset);
        java.nio.ByteBuffer.wrap(hidden).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(eocd + 4 + 16, cdOffset + 4);
        assertThat(verify(hidden).check("zip").orElseThrow().sentence()).contains("between its last entry and its central directory");

        EvidenceReport notZip = verify("just text, not a package".getBytes(StandardCharsets.UTF_8));
        assertThat(notZip.check("zip").orElseThrow().sentence()).contains("not a ZIP");
        assertThat(notZip.passed()).isFalse();
        assertThat(verify(Arrays.copyOf(good, good.length / 2)).check("zip").orElseThrow().passed()).isFalse();

        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i <= EvidenceVerifier.MAX_ENTRIES; i++) {
            many.put("f" + i, new byte[0]);
        }
        assertThat(verify(EvidenceFixtures.zip(many)).check("zip").orElseThrow().sentence()).contains("more than 100 entries");
        byte[] big = EvidenceFixtures.zip(Map.of("evidence.pdf", new byte[EvidenceVerifier.MAX_ENTRY_BYTES + 1]));
        assertThat(verify(big).check("zip").orElseThrow().sentence()).contains("larger than");
    }

    @Test
    void theWriterRefusesToPackageWhatWouldNotVerify() {
        EvidencePackage.Inspection in = f.inspection();
        byte[] sig = in.deviceSignature();
        sig[10] ^= 1;
        assertThatThrownBy(() -> new EvidencePackage.Inspection(in.record(), sig, in.device(), in.receivedAt(), in.instance(), in.photos()))
                .hasMessageContaining("device signature does not verify");
        assertThatThrownBy(() -> new EvidencePackage.Inspection(in.record(), in.deviceSignature(), in.device(), in.receivedAt(),
                in.instance(), Map.of())).hasMessageContaining("is missing");
        byte[] other = "another photo".getBytes(StandardCharsets.UTF_8);
        Map<String, EvidencePackage.Photo> extra = new LinkedHashMap<>(in.photos());
        extra.put(HexFormat.of().formatHex(InspectionSignature.sha256(other)), new EvidencePackage.Photo("image/png", other));
        assertThatThrownBy(() -> new EvidencePackage.Inspection(in.record(), in.deviceSignature(), in.device(), in.receivedAt(),
                in.instance(), extra)).hasMessageContaining("not listed");
        InspectionDevice stranger = InspectionDevice.of(new TestDevice(77).spki(), EvidenceFixtures.OFFICER, Instant.EPOCH);
        assertThatThrownBy(() -> new EvidencePackage.Inspection(in.record(), in.deviceSignature(), stranger, in.receivedAt(),
                in.instance(), in.photos())).hasMessageContaining("names device");
        // a statement signed for another inspection cannot be written with this one
        Evidence foreign = new EvidenceFixtures(6000).inspection().sign(f.receiptSigner, f.delegation);
        assertThatThrownBy(() -> EvidencePackage.write(new ByteArrayOutputStream(), in, null, foreign))
                .hasMessageContaining("not the statement");
        assertThatThrownBy(() -> EvidenceVerifier.verify(good, List.of())).isInstanceOf(IllegalArgumentException.class);
        // the writer's SM2 and Ed25519 keys both work; a receipt key without its delegation does not
        RawSigner wrong = RawSigner.create(SignatureAlgorithm.ED25519, TestKeys.keyPair(SignatureAlgorithm.ED25519, 5098).privateKey());
        assertThatThrownBy(() -> in.sign(wrong, f.delegation)).hasMessageContaining("not a RECEIPT delegation of this key");
    }

    @Test
    void anSm2ReceiptKeyAndAJdkDeviceKeyWork() throws Exception {
        MarkKeyPair sm2 = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 5010);
        Delegation d = Delegation.issue(f.rootSigner, KeyUse.RECEIPT, SignatureAlgorithm.SM2_SM3, sm2.publicKey(),
                f.delegation.validFrom(), f.delegation.validUntil());
        // a device key made by the JDK, signing with random nonces as WebCrypto does
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var kp = g.generateKeyPair();
        byte[] spki = kp.getPublic().getEncoded();
        String rec = f.recordJson().replace(f.device.id(), InspectionSignature.deviceId(spki));
        byte[] record = rec.getBytes(StandardCharsets.UTF_8);
        var s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(kp.getPrivate());
        s.update(InspectionSignature.signatureInput(record));
        var in = new EvidencePackage.Inspection(record, s.sign(), InspectionDevice.of(spki, EvidenceFixtures.OFFICER, Instant.EPOCH),
                EvidenceFixtures.RECEIVED_AT, "verify-2", f.inspection().photos());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvidencePackage.write(out, in, null, RawSigner.create(SignatureAlgorithm.SM2_SM3, sm2.privateKey()), d);
        assertThat(verify(out.toByteArray()).failures()).isEmpty();
    }

    @Test
    void deviceKeysOnOtherCurvesAndMalformedSignaturesAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        byte[] p384 = g.generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> InspectionSignature.publicKey(p384)).hasMessageContaining("P-256");
        assertThatThrownBy(() -> InspectionSignature.publicKey(f.receiptKey.publicKey())).hasMessageContaining("SPKI");
        byte[] record = f.record();
        byte[] sig = f.device.sign(record);
        assertThat(InspectionSignature.verify(f.device.spki(), record, sig)).isTrue();
        assertThat(InspectionSignature.verify(f.device.spki(), record, Arrays.copyOf(sig, 63))).isFalse();
        assertThat(InspectionSignature.verify(f.device.spki(), record, new byte[64])).isFalse();
        byte[] prefixless = record.clone();
        assertThat(InspectionSignature.verify(f.device.spki(), Arrays.copyOf(prefixless, prefixless.length - 1), sig)).isFalse();
        // a point off the curve, in a well-formed SPKI
        byte[] off = f.device.spki();
        off[off.length - 1] ^= 1;
        assertThatThrownBy(() -> InspectionSignature.publicKey(off)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] replace(byte[] b, String from, String to) {
        String s = new String(b, StandardCharsets.ISO_8859_1).replace(from, to);
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] replaceLast(byte[] b, String from, String to) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int i = s.lastIndexOf(from);
        return (s.substring(0, i) + to + s.substring(i + from.length())).getBytes(StandardCharsets.ISO_8859_1);
    }
}
