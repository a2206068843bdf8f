package org.markauth.sdk.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.trust.Delegation;

/**
 * Writes an evidence package, {@value Evidence#FORMAT} (docs/mark-format.md, section 15.3): one ZIP
 * that lets anyone holding the programme root check, without the server, that an inspection record
 * and its photos are exactly what the officer's device signed and what the server received.
 *
 * <pre>{@code
 * var in = new EvidencePackage.Inspection(recordBytes, deviceSignature, InspectionDevice.of(spki, officer, registeredAt),
 *         receivedAt, "verify-1", Map.of(sha256Hex, new EvidencePackage.Photo("image/jpeg", jpeg)));
 * EvidencePackage.write(out, in, pdfBytes, receiptKey, receiptDelegation);
 * }</pre>
 *
 * <p>The writer refuses (with {@link IllegalArgumentException}) to package what would not verify: a
 * record that does not parse, a device signature that does not verify, a photo missing, extra or
 * changed. The ZIP is deterministic: fixed entry order (record, evidence, photos by hash, PDF) and
 * every entry dated {@code receivedAt} (UTC), so the same inspection gives the same bytes.
 */
public final class EvidencePackage {

    public static final String RECORD_ENTRY = "record.json";
    public static final String EVIDENCE_ENTRY = "evidence.json";
    public static final String PDF_ENTRY = "evidence.pdf";
    public static final String PHOTO_DIRECTORY = "photos/";

    private EvidencePackage() {
    }

    /** A photo's bytes and its media type (image/jpeg, image/png or image/webp). */
    public record Photo(String type, byte[] bytes) {
        public Photo {
            if (!InspectionRecord.PHOTO_TYPES.contains(type)) {
                throw new IllegalArgumentException("a photo is image/jpeg, image/png or image/webp, not " + type);
            }
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Photo p && type.equals(p.type) && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Photo[" + type + ", " + bytes.length + " bytes]";
        }
    }

    /**
     * A stored inspection as the server holds it, checked on construction: the record parses, names
     * this device and officer, the device signature verifies over it, and {@code photos} (by
     * lowercase SHA-256 hex) holds exactly the photos it lists, each with its listed type and size.
     */
    public record Inspection(byte[] record, byte[] deviceSignature, InspectionDevice device, Instant receivedAt, String instance,
                             Map<String, Photo> photos) {
        public Inspection {
            record = Objects.requireNonNull(record, "record").clone();
            deviceSignature = Objects.requireNonNull(deviceSignature, "deviceSignature").clone();
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(receivedAt, "receivedAt");
            Objects.requireNonNull(instance, "instance");
            photos = Map.copyOf(photos);
            InspectionRecord r = InspectionRecord.parse(record);
            if (!device.id().equals(InspectionSignature.deviceId(device.publicKey()))) {
                throw new IllegalArgumentException("device id " + device.id() + " is not the id of its public key");
            }
            if (!r.device().equals(device.id()) || !r.officer().equals(device.officer())) {
                throw new IllegalArgumentException("the record names device " + r.device() + " of officer " + r.officer()
                        + ", not " + device.id() + " of " + device.officer());
            }
            if (!InspectionSignature.verify(device.publicKey(), record, deviceSignature)) {
                throw new IllegalArgumentException("the device signature does not verify over record " + r.id());
            }
            Set<String> listed = new java.util.HashSet<>();
            for (InspectionRecord.Photo p : r.photos()) {
                listed.add(p.sha256());
                Photo have = photos.get(p.sha256());
                if (have == null) {
                    throw new IllegalArgumentException("photo " + p.sha256() + " listed by record " + r.id() + " is missing");
                }
                byte[] b = have.bytes();
                if (!HexFormat.of().formatHex(InspectionSignature.sha256(b)).equals(p.sha256()) || b.length != p.bytes()
                        || !have.type().equals(p.type())) {
                    throw new IllegalArgumentException("photo " + p.sha256() + " is not the one the record lists (hash, size or type differ)");
                }
            }
            if (!listed.containsAll(photos.keySet())) {
                throw new IllegalArgumentException("photos not listed by the record were given: " + photos.keySet());
            }
        }

        /** The record this inspection holds. */
        public InspectionRecord parsed() {
            return InspectionRecord.parse(record);
        }

        /** SHA-256 of the record's bytes. */
        public byte[] recordSha256() {
            return InspectionSignature.sha256(record);
        }

        /** The server statement for this inspection, signed with a RECEIPT key (see {@link Evidence#sign}). */
        public Evidence sign(RawSigner key, Delegation delegation) {
            return Evidence.sign(key, delegation, parsed().id(), recordSha256(), device, deviceSignature, receivedAt, instance);
        }

        private Evidence unsigned(byte[] delegation) {
            return new Evidence(parsed().id(), recordSha256(), device, deviceSignature, receivedAt, instance, delegation, new byte[64]);
        }

        @Override
        public byte[] record() {
            return record.clone();
        }

        @Override
        public byte[] deviceSignature() {
            return deviceSignature.clone();
        }
    }

    /**
     * Signs the inspection with {@code key} (which {@code delegation} vouches for, use RECEIPT) and
     * writes the package. NOT thread-safe for an SM2 key; see {@link Evidence#sign}.
     *
     * @param pdf the human rendering for the case file, or {@code null} to leave it out (it proves nothing)
     * @return the signed statement written as {@code evidence.json}
     */
    public static Evidence write(OutputStream out, Inspection inspection, byte[] pdf, RawSigner key, Delegation delegation)
            throws IOException {
        Evidence e = inspection.sign(key, delegation);
        write(out, inspection, pdf, e);
        return e;
    }

    /**
     * Writes the package with a statement signed elsewhere (by a signer that keeps its key to itself);
     * the statement must be the inspection's.
     */
    public static void write(OutputStream out, Inspection inspection, byte[] pdf, Evidence evidence) throws IOException {
        if (!evidence.recordId().equals(inspection.parsed().id()) || !evidence.device().equals(inspection.device())
                || !Arrays.equals(evidence.signatureInput(), inspection.unsigned(evidence.delegation()).signatureInput())) {
            throw new IllegalArgumentException(evidence + " is not the statement of this inspection");
        }
        LocalDateTime at = LocalDateTime.ofInstant(evidence.receivedAt(), ZoneOffset.UTC);
        ZipOutputStream zip = new ZipOutputStream(out);
        entry(zip, RECORD_ENTRY, inspection.record(), at);
        entry(zip, EVIDENCE_ENTRY, evidence.toBytes(), at);
        for (var p : new TreeMap<>(inspection.photos()).entrySet()) {
            entry(zip, PHOTO_DIRECTORY + p.getKey() + "." + InspectionRecord.extensionOf(p.getValue().type()), p.getValue().bytes(), at);
        }
        if (pdf != null) {
            entry(zip, PDF_ENTRY, pdf, at);
        }
        zip.finish();
        out.flush();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes, LocalDateTime at) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(at);
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }
}
