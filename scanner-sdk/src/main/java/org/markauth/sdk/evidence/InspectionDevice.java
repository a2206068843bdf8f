package org.markauth.sdk.evidence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;

/**
 * The officer device that signed an inspection record, as the server registered it: its id (first
 * 16 bytes of SHA-256 over the SPKI, 32 hex), its public key (SPKI DER of a P-256 key), the officer
 * it belongs to and when it was registered. Only the form is checked here; whether the id belongs to
 * the key is a verifier check ({@link EvidenceVerifier}), so a tampered package is a failed check,
 * not an exception.
 */
public record InspectionDevice(String id, byte[] publicKey, String officer, Instant registeredAt) {
    public InspectionDevice {
        if (id == null || !InspectionRecord.DEVICE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("device id must be 32 lowercase hex digits, got " + id);
        }
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.length == 0 || publicKey.length > InspectionSignature.MAX_SPKI_BYTES) {
            throw new IllegalArgumentException("device publicKey must be an SPKI DER of 1-" + InspectionSignature.MAX_SPKI_BYTES + " bytes");
        }
        publicKey = publicKey.clone();
        if (officer == null || officer.isBlank() || officer.length() > 128) {
            throw new IllegalArgumentException("device officer must be 1-128 characters");
        }
        registeredAt = Objects.requireNonNull(registeredAt, "registeredAt").truncatedTo(ChronoUnit.SECONDS);
        if (registeredAt.getEpochSecond() < 0) {
            throw new IllegalArgumentException("device registeredAt before 1970");
        }
    }

    /** A device whose id is computed from its key. */
    public static InspectionDevice of(byte[] publicKey, String officer, Instant registeredAt) {
        return new InspectionDevice(InspectionSignature.deviceId(publicKey), publicKey, officer, registeredAt);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InspectionDevice d && id.equals(d.id) && Arrays.equals(publicKey, d.publicKey)
                && officer.equals(d.officer) && registeredAt.equals(d.registeredAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, officer, registeredAt) * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "InspectionDevice[" + id + ", officer " + officer + ", registered " + registeredAt + "]";
    }
}
