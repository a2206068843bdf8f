package org.markauth.verify.officer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.config.Secret;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.evidence.EvidenceReport;
import org.markauth.sdk.evidence.EvidenceVerifier;
import org.markauth.sdk.evidence.InspectionSignature;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.verify.receipt.ReceiptSigner;

/** A stored inspection becomes a package that the SDK's verifier passes, with a PDF that says what it renders. */
class EvidencePackagesTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-06T10:20:00Z");
    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @TempDir
    Path dir;

    private final MarkKeyPair root = KeyPairs.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom());
    private final List<TrustRoot> roots = List.of(new TrustRoot(SignatureAlgorithm.ED25519, root.publicKey()));
    private final KeyPair device = p256();
    private final byte[] spki = device.getPublic().getEncoded();
    private final byte[] jpeg = image("jpg", 1200, 900, Color.ORANGE);
    private final byte[] png = image("png", 300, 500, Color.BLUE);
    private final byte[] webp = "RIFF\0\0\0\0WEBPVP8 not decodable by ImageIO".getBytes(StandardCharsets.ISO_8859_1);

    private ReceiptSigner signer(Instant from, Instant until) throws IOException {
        MarkKeyPair key = KeyPairs.generate(SignatureAlgorithm.ED25519, new java.security.SecureRandom());
        Delegation d = Delegation.issue(RawSigner.create(SignatureAlgorithm.ED25519, root.privateKey()), KeyUse.RECEIPT,
                SignatureAlgorithm.ED25519, key.publicKey(), from, until);
        Path f = dir.resolve("receipt-" + System.nanoTime() + ".key");
        Files.writeString(f, "ED25519:" + HexFormat.of().formatHex(key.privateKey()) + ":" + HexFormat.of().formatHex(d.encode()));
        return ReceiptSigner.load(Secret.ofFile(f), roots, "verify-1", Clock.fixed(from.plusSeconds(1), ZoneOffset.UTC));
    }

    private ReceiptSigner signer() throws IOException {
        return signer(Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2027-06-01T00:00:00Z"));
    }

    private String record(int units) {
        StringBuilder u = new StringBuilder();
        for (int i = 0; i < units; i++) {
            u.append(i == 0 ? "" : ",").append("{\"code\":\"HTTPS://MARKAUTH.CN/M/CEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                    .append(i).append("\",\"verdict\":\"").append(i % 2 == 0 ? "FORGED" : "SIGNATURE_VALID")
                    .append("\",\"source\":\"OFFLINE\",\"checkedAt\":\"2026-12-06T10:06:12.000Z\",\"statusSequence\":12,\"batchId\":1001,")
                    .append("\"serial\":\"0102030405060708\",\"outcome\":\"").append(i % 2 == 0 ? "SEIZED" : "PASSED").append("\"}");
        }
        return "{\"format\":\"markauth-inspection/1\",\"id\":\"" + ID + "\",\"device\":\"" + InspectionSignature.deviceId(spki)
                + "\",\"officer\":\"officer-wang\",\"startedAt\":\"2026-12-06T10:05:00.000Z\",\"endedAt\":\"2026-12-06T10:15:30.123Z\","
                + "\"place\":{\"geohash\":\"wtw3sj\",\"label\":\"上海市 七浦路 服装市场 B 区 12 号\"},\"units\":[" + u + "],"
                + "\"photos\":[" + photo(jpeg, "image/jpeg") + "," + photo(png, "image/png") + "," + photo(webp, "image/webp") + "],"
                + "\"seizures\":[{\"quantity\":24,\"reason\":\"假冒标识 counterfeit marks\",\"heldAt\":\"区市场监管局 证物室 3\"}],"
                + "\"notes\":\"摊主称货源来自广州。\\nSecond line of notes.\"}";
    }

    private Map<String, byte[]> photos() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (byte[] b : List.of(jpeg, png, webp)) {
            m.put(sha256(b), b.clone());
        }
        return m;
    }

    private EvidencePackages.Stored stored(String record, Map<String, byte[]> photos) {
        byte[] r = record.getBytes(StandardCharsets.UTF_8);
        return new EvidencePackages.Stored(r, sign(r), InspectionSignature.deviceId(spki), spki, "officer-wang",
                Instant.parse("2026-12-01T09:00:00Z"), RECEIVED, "verify-1", photos);
    }

    @Test
    void aStoredInspectionBecomesAPackageTheSdkVerifierPasses() throws Exception {
        byte[] zip = new EvidencePackages(signer()).build(stored(record(3), photos()));
        EvidenceReport report = EvidenceVerifier.verify(zip, roots);
        assertThat(report.failures()).isEmpty();
        assertThat(report.checks()).hasSize(EvidenceVerifier.CHECKS.size());

        Map<String, byte[]> entries = entries(zip);
        assertThat(entries).containsKeys("record.json", "evidence.json", "evidence.pdf", "photos/" + sha256(jpeg) + ".jpg",
                "photos/" + sha256(png) + ".png", "photos/" + sha256(webp) + ".webp");
        String recordSha = sha256(entries.get("record.json"));
        try (PDDocument pdf = Loader.loadPDF(entries.get("evidence.pdf"))) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains(ID).contains(recordSha).contains("officer-wang").contains(InspectionSignature.deviceId(spki))
                    .contains("markauth evidence verify").contains("SIGNATURE_VALID").contains("SEIZED").contains(sha256(png).substring(0, 32)).contains(sha256(png).substring(32))
                    .contains("摊主称货源来自广州").contains("证物室").contains("Second line of notes");
            assertThat(pdf.getPage(0).getResources().getXObjectNames()).as("the JPEG and PNG thumbnails").isNotEmpty();
        }
        assertThat(entries.get("evidence.pdf").length).as("thumbnails, not the photos").isLessThan(jpeg.length + 200_000);

        // one byte of a photo changed after the package was made: the CLI's verifier says so
        entries.get("photos/" + sha256(png) + ".png")[40] ^= 1;
        EvidenceReport changed = EvidenceVerifier.verify(zip(entries), roots);
        assertThat(changed.failures()).extracting(EvidenceReport.Check::name).containsExactly("photos");
    }

    @Test
    void aThousandUnitsRunOverSeveralPages() throws Exception {
        byte[] zip = new EvidencePackages(signer()).build(stored(record(1000), photos()));
        assertThat(EvidenceVerifier.verify(zip, roots).passed()).isTrue();
        try (PDDocument pdf = Loader.loadPDF(entries(zip).get("evidence.pdf"))) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(10);
            assertThat(new PDFTextStripper().getText(pdf)).contains("\n1000 HTTPS://MARKAUTH.CN/M/").contains("AAAA999\n");
        }
    }

    @Test
    void whatWouldNotVerifyIsRefusedBeforeSigning() throws Exception {
        EvidencePackages packages = new EvidencePackages(signer());
        Map<String, byte[]> corrupted = photos();
        corrupted.get(sha256(jpeg))[100] ^= 1;
        assertThatThrownBy(() -> packages.build(stored(record(1), corrupted))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the one the record lists");
        Map<String, byte[]> missing = photos();
        missing.remove(sha256(webp));
        assertThatThrownBy(() -> packages.build(stored(record(1), missing))).hasMessageContaining("is missing");
        EvidencePackages.Stored s = stored(record(1), photos());
        byte[] sig = s.deviceSignature();
        sig[3] ^= 1;
        assertThatThrownBy(() -> packages.build(new EvidencePackages.Stored(s.record(), sig, s.deviceId(), s.devicePublicKey(), s.officer(),
                s.registeredAt(), s.receivedAt(), s.instance(), s.photos()))).hasMessageContaining("device signature does not verify");
        // the receipt key in use now was delegated after this record arrived
        EvidencePackages later = new EvidencePackages(signer(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z")));
        assertThatThrownBy(() -> later.build(stored(record(1), photos()))).hasMessageContaining("does not cover receivedAt");
    }

    private byte[] sign(byte[] record) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(device.getPrivate());
            s.update(InspectionSignature.signatureInput(record));
            return s.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String photo(byte[] b, String type) {
        return "{\"sha256\":\"" + sha256(b) + "\",\"type\":\"" + type + "\",\"bytes\":" + b.length + "}";
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] image(String format, int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(c);
        g.fillOval(w / 8, h / 8, w * 3 / 4, h * 3 / 4);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, format, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                m.put(e.getName(), z.readAllBytes());
            }
        }
        return m;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
