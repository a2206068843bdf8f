package org.markauth.verify.officer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.markauth.sdk.evidence.Evidence;
import org.markauth.sdk.evidence.EvidencePackage;
import org.markauth.sdk.evidence.InspectionDevice;
import org.markauth.sdk.evidence.InspectionRecord;
import org.markauth.verify.receipt.ReceiptSigner;

/**
 * Builds the evidence package of a stored inspection (docs/mark-format.md §15): the record's bytes
 * as the device signed them, the photos, {@code evidence.json} signed with this instance's receipt
 * key, and the case-file PDF ({@link EvidencePdf}) — the ZIP that {@code markauth evidence verify}
 * checks. The route ({@code GET /api/v1/officer/inspections/{id}/evidence}) reads the stored
 * inspection and calls {@link #build(Vertx, Stored)}.
 *
 * <p>The work is CPU-bound (a PDF with thumbnails, a signature: tens of milliseconds), so the
 * asynchronous form runs it on a worker, never on the event loop. It refuses, with
 * {@link IllegalArgumentException}, to build a package that would not verify: a stored record whose
 * device signature or photos do not match (storage corrupted), or a receipt key whose delegation does
 * not cover the time the record was received (the key was rotated since; the package is then built
 * on an instance whose key's delegation covers it).
 */
public final class EvidencePackages {

    private final ReceiptSigner signer;

    public EvidencePackages(ReceiptSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * A stored inspection: the record's bytes exactly as signed, the device's 64-byte signature, the
     * device as registered, when and by which instance it was received, and the photos' bytes by
     * their lowercase SHA-256 hex (their types come from the record).
     */
    public record Stored(byte[] record, byte[] deviceSignature, String deviceId, byte[] devicePublicKey, String officer,
                         Instant registeredAt, Instant receivedAt, String instance, Map<String, byte[]> photos) {
        public Stored {
            record = Objects.requireNonNull(record, "record").clone();
            deviceSignature = Objects.requireNonNull(deviceSignature, "deviceSignature").clone();
            devicePublicKey = Objects.requireNonNull(devicePublicKey, "devicePublicKey").clone();
            Map<String, byte[]> copy = new HashMap<>();
            photos.forEach((k, v) -> copy.put(k, v.clone()));
            photos = Map.copyOf(copy);
        }

        @Override
        public byte[] record() {
            return record.clone();
        }

        @Override
        public byte[] deviceSignature() {
            return deviceSignature.clone();
        }

        @Override
        public byte[] devicePublicKey() {
            return devicePublicKey.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stored s && Arrays.equals(record, s.record) && Arrays.equals(deviceSignature, s.deviceSignature)
                    && deviceId.equals(s.deviceId) && receivedAt.equals(s.receivedAt) && instance.equals(s.instance);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(record) * 31 + Arrays.hashCode(deviceSignature);
        }

        @Override
        public String toString() {
            return "Stored[device " + deviceId + ", officer " + officer + ", received " + receivedAt + " by " + instance + ", "
                    + photos.size() + " photos]";
        }
    }

    /** {@link #build(Stored)} on a worker thread. */
    public Future<byte[]> build(Vertx vertx, Stored stored) {
        return vertx.executeBlocking(() -> build(stored), false);
    }

    /**
     * The package's bytes ({@code application/zip}).
     *
     * @throws IllegalArgumentException when the stored inspection would not verify, or the receipt
     *                                  key's delegation does not cover its receivedAt (the message says which)
     */
    public byte[] build(Stored stored) {
        InspectionRecord listed = InspectionRecord.parse(stored.record());
        Map<String, EvidencePackage.Photo> photos = new HashMap<>();
        for (InspectionRecord.Photo p : listed.photos()) {
            byte[] b = stored.photos().get(p.sha256());
            if (b != null) {
                photos.put(p.sha256(), new EvidencePackage.Photo(p.type(), b));
            }
        }
        EvidencePackage.Inspection inspection = new EvidencePackage.Inspection(stored.record(), stored.deviceSignature(),
                new InspectionDevice(stored.deviceId(), stored.devicePublicKey(), stored.officer(), stored.registeredAt()),
                stored.receivedAt(), stored.instance(), photos);
        Evidence evidence = signer.signEvidence(inspection);
        byte[] pdf = EvidencePdf.render(inspection, HexFormat.of().formatHex(evidence.recordSha256()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            EvidencePackage.write(out, inspection, pdf, evidence);
        } catch (IOException e) {
            throw new UncheckedIOException(e);      // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
