package org.markauth.sdk.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates docs/test-vectors/evidence.json from fixed seeds: one small evidence package as its
 * parts (each entry's bytes in base64, since the ZIP's compressed bytes depend on the zlib at hand),
 * its two signature inputs, and cases that change one part with the checks that must then fail.
 * {@code EvidenceVectorsTest} checks the file and the generator agree and runs every case.
 */
public final class EvidenceVectors {

    public static final Path FILE = Path.of("..", "docs", "test-vectors", "evidence.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvidenceVectors() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + FILE.toAbsolutePath().normalize());
    }

    public static String render() throws IOException {
        return JSON.writeValueAsString(generate()) + "\n";
    }

    static ObjectNode generate() {
        HexFormat hex = HexFormat.of();
        Base64.Encoder b64 = Base64.getEncoder();
        EvidenceFixtures f = new EvidenceFixtures(3100);
        EvidencePackage.Inspection in = f.inspection();
        Evidence e = in.sign(f.receiptSigner, f.delegation);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(EvidencePackage.RECORD_ENTRY, in.record());
        entries.put(EvidencePackage.EVIDENCE_ENTRY, e.toBytes());
        entries.put(f.photoEntry(), f.photo);

        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", "markauth-evidence-vectors/1");
        doc.put("description", "Evidence packages (docs/mark-format.md, section 15). 'entries' are the ZIP entries of a valid package"
                + " (base64, in this order; evidence.pdf left out: it proves nothing). Each case builds a ZIP from 'entries' with"
                + " 'replace' applied and 'add' appended, verifies it under the root, and expects exactly the checks in 'failed' to"
                + " fail. Keys are for testing only.");
        doc.put("rootAlgorithm", "ED25519");
        doc.put("rootPublicKey", hex.formatHex(f.root.publicKey()));
        doc.put("receiptKeyPrivate", hex.formatHex(f.receiptKey.privateKey()));
        doc.put("devicePublicKey", Base64.getUrlEncoder().withoutPadding().encodeToString(f.device.spki()));
        doc.put("deviceId", f.device.id());
        doc.put("deviceSignatureInput", hex.formatHex(InspectionSignature.signatureInput(in.record())));
        doc.put("evidenceSignatureInput", hex.formatHex(e.signatureInput()));
        ObjectNode en = doc.putObject("entries");
        entries.forEach((k, v) -> en.put(k, b64.encodeToString(v)));
        doc.putArray("checks").addAll(EvidenceVerifier.CHECKS.stream().map(JSON.getNodeFactory()::textNode).toList());

        ArrayNode cases = doc.putArray("cases");
        addCase(cases, "valid", Map.of(), Map.of(), List.of());
        byte[] photo = f.photo.clone();
        photo[5] ^= 1;
        addCase(cases, "one byte of the photo changed", Map.of(f.photoEntry(), photo), Map.of(), List.of("photos"));
        addCase(cases, "one byte of the record changed (24 seized becomes 25)", Map.of(EvidencePackage.RECORD_ENTRY,
                new String(in.record(), StandardCharsets.UTF_8).replace("\"quantity\":24", "\"quantity\":25").getBytes(StandardCharsets.UTF_8)),
                Map.of(), List.of("record-hash", "device-signature"));
        addCase(cases, "officer changed in evidence.json", Map.of(EvidencePackage.EVIDENCE_ENTRY,
                new String(e.toBytes(), StandardCharsets.UTF_8).replace(EvidenceFixtures.OFFICER, "officer-li").getBytes(StandardCharsets.UTF_8)),
                Map.of(), List.of("server-signature", "identity"));
        addCase(cases, "a file the record does not list", Map.of(), Map.of("photos/extra.jpg", new byte[] {1}), List.of("files"));
        addCase(cases, "a path-traversal entry name", Map.of(), Map.of("../record.json", new byte[] {1}), EvidenceVerifier.CHECKS);
        return doc;
    }

    private static void addCase(ArrayNode cases, String name, Map<String, byte[]> replace, Map<String, byte[]> add, List<String> failed) {
        ObjectNode c = cases.addObject().put("name", name);
        ObjectNode r = c.putObject("replace");
        replace.forEach((k, v) -> r.put(k, Base64.getEncoder().encodeToString(v)));
        ObjectNode a = c.putObject("add");
        add.forEach((k, v) -> a.put(k, Base64.getEncoder().encodeToString(v)));
        ArrayNode fl = c.putArray("failed");
        failed.forEach(fl::add);
    }
}
