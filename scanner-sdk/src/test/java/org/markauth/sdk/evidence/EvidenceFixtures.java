package org.markauth.sdk.evidence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustRoot;

/**
 * A small inspection and its evidence package from fixed seeds (root, receipt key, device), for the
 * SDK's tests, the published vector and scanner-cli's tests; plus ZIP surgery to tamper with one.
 */
public final class EvidenceFixtures {
    public static final Instant RECEIVED_AT = Instant.parse("2026-12-06T10:20:00Z");
    public static final String OFFICER = "officer-zhang";
    public static final String RECORD_ID = "3b241101-e2bb-4255-8caf-4136c566a962";

    public final MarkKeyPair root;
    public final RawSigner rootSigner;
    public final List<TrustRoot> roots;
    public final MarkKeyPair receiptKey;
    public final RawSigner receiptSigner;
    public final Delegation delegation;
    public final TestDevice device;
    public final byte[] photo = "\u00ff\u00d8 a photo of a seized carton, bytes for the test".getBytes(StandardCharsets.ISO_8859_1);
    public final String photoSha256;

    public EvidenceFixtures(long seed) {
        root = TestKeys.keyPair(SignatureAlgorithm.ED25519, seed);
        rootSigner = RawSigner.create(SignatureAlgorithm.ED25519, root.privateKey());
        roots = List.of(new TrustRoot(SignatureAlgorithm.ED25519, root.publicKey()));
        receiptKey = TestKeys.keyPair(SignatureAlgorithm.ED25519, seed + 1);
        receiptSigner = RawSigner.create(SignatureAlgorithm.ED25519, receiptKey.privateKey());
        delegation = Delegation.issue(rootSigner, KeyUse.RECEIPT, SignatureAlgorithm.ED25519, receiptKey.publicKey(),
                Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2027-06-01T00:00:00Z"));
        device = new TestDevice(seed + 2);
        photoSha256 = HexFormat.of().formatHex(InspectionSignature.sha256(photo));
    }

    /** The record's JSON text, as a phone would send it (members in the phone's order, Chinese text). */
    public String recordJson() {
        return "{\"format\":\"markauth-inspection/1\",\"id\":\"" + RECORD_ID + "\",\"device\":\"" + device.id() + "\","
                + "\"officer\":\"" + OFFICER + "\",\"startedAt\":\"2026-12-06T10:05:00.000Z\",\"endedAt\":\"2026-12-06T10:15:30.123Z\","
                + "\"place\":{\"geohash\":\"wtw3sj\",\"label\":\"上海市 七浦路 服装市场\"},"
                + "\"units\":[{\"code\":\"HTTPS://MARKAUTH.CN/M/CEAAAAAAAAAAAAAAAA\",\"verdict\":\"FORGED\",\"source\":\"OFFLINE\","
                + "\"checkedAt\":\"2026-12-06T10:06:12.000Z\",\"statusSequence\":12,\"batchId\":1001,\"serial\":\"0102030405060708\","
                + "\"outcome\":\"SEIZED\"},{\"code\":\"not a mark\",\"verdict\":\"MALFORMED\",\"source\":\"ONLINE\","
                + "\"checkedAt\":\"2026-12-06T10:07:00.000Z\",\"statusSequence\":null,\"batchId\":null,\"serial\":null,\"outcome\":\"SUSPECT\"}],"
                + "\"photos\":[{\"sha256\":\"" + photoSha256 + "\",\"type\":\"image/jpeg\",\"bytes\":" + photo.length + "}],"
                + "\"seizures\":[{\"quantity\":24,\"reason\":\"假冒标识\",\"heldAt\":\"区市场监管局 证物室 3\"}],"
                + "\"notes\":\"摊主称货源来自广州。\"}";
    }

    public byte[] record() {
        return recordJson().getBytes(StandardCharsets.UTF_8);
    }

    public EvidencePackage.Inspection inspection() {
        byte[] r = record();
        return new EvidencePackage.Inspection(r, device.sign(r), InspectionDevice.of(device.spki(), OFFICER,
                Instant.parse("2026-12-01T09:00:00Z")), RECEIVED_AT, "verify-1",
                Map.of(photoSha256, new EvidencePackage.Photo("image/jpeg", photo)));
    }

    /** The package's bytes, with a stand-in for the PDF (the SDK does not render PDFs; the verifier does not read them). */
    public byte[] packageBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            EvidencePackage.write(out, inspection(), "%PDF-1.7 rendering for the case file".getBytes(StandardCharsets.US_ASCII),
                    receiptSigner, delegation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String photoEntry() {
        return "photos/" + photoSha256 + ".jpg";
    }

    /** The entries of a ZIP, in order. */
    public static Map<String, byte[]> entries(byte[] zip) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                m.put(e.getName(), z.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** A ZIP of these entries, in order. */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The package with its entries changed by {@code change} (which may add, remove or replace). */
    public static byte[] tamper(byte[] zip, UnaryOperator<Map<String, byte[]>> change) {
        return zip(change.apply(entries(zip)));
    }
}
