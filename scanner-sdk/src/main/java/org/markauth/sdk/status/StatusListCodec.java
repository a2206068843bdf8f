package org.markauth.sdk.status;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.markauth.sdk.crypto.SignatureVerifier;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustRoot;

/**
 * The binary status-list document (docs/mark-format.md, "Status list"): header, batch records,
 * the delegation of the signing key, the signature. Canonical by construction: the decoder refuses
 * records out of order, unknown flags, trailing bytes and a full list whose digest does not match,
 * so one list has exactly one encoding and what was verified is what is used.
 */
public final class StatusListCodec {
    public static final byte[] MAGIC = "MKSL".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 4 + 1 + 1 + 8 + 8 + 8 + 8 + 32;
    /** Domain separation for the status key's signature. */
    public static final byte[] SIGNATURE_PREFIX = "MARKAUTH-STATUSLIST-v1".getBytes(StandardCharsets.US_ASCII);
    /** Responses larger than this are refused before parsing (a full list of 100k units is about 0.8 MB). */
    public static final int MAX_RESPONSE_BYTES = 64 << 20;
    public static final String MEDIA_TYPE = "application/vnd.markauth.status-list";

    private StatusListCodec() {
    }

    /** The bytes before the signature of a document (header, records, delegation). */
    static byte[] unsigned(long sequence, long baseSequence, Instant issuedAt, Instant nextUpdate, byte[] stateDigest,
                           List<BatchStatus> records, Delegation delegation) {
        byte[] recs = StatusList.records(records);
        byte[] del = delegation.encode();
        return ByteBuffer.allocate(HEADER_BYTES + recs.length + del.length).put(MAGIC).put((byte) VERSION)
                .put((byte) (baseSequence == 0 ? 0 : 1)).putLong(sequence).putLong(baseSequence)
                .putLong(issuedAt.getEpochSecond()).putLong(nextUpdate.getEpochSecond()).put(stateDigest).put(recs).put(del)
                .array();
    }

    static byte[] signatureInput(byte[] unsigned) {
        byte[] in = Arrays.copyOf(SIGNATURE_PREFIX, SIGNATURE_PREFIX.length + unsigned.length);
        System.arraycopy(unsigned, 0, in, SIGNATURE_PREFIX.length, unsigned.length);
        return in;
    }

    /** Verifies one document that fills {@code bytes} exactly. */
    public static StatusDocument decodeAndVerify(byte[] bytes, List<TrustRoot> roots) {
        List<StatusDocument> all = decodeAll(bytes, roots);
        if (all.size() != 1) {
            throw new StatusListException("expected one status-list document, got " + all.size());
        }
        return all.get(0);
    }

    /**
     * Verifies a response: one full document, or a chain of deltas (documents back to back).
     *
     * @throws StatusListException naming what is wrong; never returns an unverified document
     */
    public static List<StatusDocument> decodeAll(byte[] bytes, List<TrustRoot> roots) {
        if (bytes.length > MAX_RESPONSE_BYTES) {
            throw new StatusListException("status list response is " + bytes.length + " bytes, limit " + MAX_RESPONSE_BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<StatusDocument> out = new ArrayList<>();
        do {
            out.add(readOne(in, roots));
        } while (in.hasRemaining());
        return out;
    }

    private static StatusDocument readOne(ByteBuffer in, List<TrustRoot> roots) {
        int start = in.position();
        try {
            if (in.remaining() < HEADER_BYTES + 4) {
                throw new StatusListException("status list document truncated (" + in.remaining() + " bytes)");
            }
            byte[] magic = new byte[4];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new StatusListException("not a status list document (magic is not MKSL)");
            }
            int version = in.get() & 0xFF;
            if (version != VERSION) {
                throw new StatusListException("status list version " + version + " is not supported (this SDK reads 1)");
            }
            int kind = in.get() & 0xFF;
            long sequence = in.getLong();
            long base = in.getLong();
            long issued = in.getLong();
            long next = in.getLong();
            byte[] digest = new byte[32];
            in.get(digest);
            if (kind > 1 || (kind == 0) != (base == 0) || sequence < 1 || base < 0 || (kind == 1 && base >= sequence)
                    || issued < 0 || next <= issued || next > Instant.MAX.getEpochSecond()) {
                throw new StatusListException("status list header is invalid (kind " + kind + ", sequence " + sequence
                        + ", base " + base + ", issuedAt " + issued + ", nextUpdate " + next + ")");
            }
            long count = in.getInt() & 0xFFFF_FFFFL;
            if (count * BatchStatus.FIXED_BYTES > in.remaining()) {
                throw new StatusListException("status list record count " + count + " exceeds the document");
            }
            List<BatchStatus> records = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) {
                BatchStatus b = BatchStatus.read(in);
                if (!records.isEmpty() && Integer.compareUnsigned(records.get(records.size() - 1).batchId(), b.batchId()) >= 0) {
                    throw new StatusListException("status list records are not in strictly increasing batch-id order");
                }
                if (kind == 0 && b.isEmpty()) {
                    throw new StatusListException("a full status list holds an empty record for batch "
                            + Integer.toUnsignedString(b.batchId()));
                }
                records.add(b);
            }
            Delegation d = Delegation.read(in, roots, KeyUse.STATUS);
            int signedEnd = in.position();
            if (in.remaining() < d.algorithm().signatureLength()) {
                throw new StatusListException("status list signature truncated");
            }
            byte[] sig = new byte[d.algorithm().signatureLength()];
            in.get(sig);
            Instant issuedAt = Instant.ofEpochSecond(issued);
            if (!d.covers(issuedAt)) {
                throw new StatusListException("status list issued at " + issuedAt + " outside its key's delegation " + d);
            }
            byte[] signed = Arrays.copyOfRange(in.array(), start, signedEnd);
            if (!SignatureVerifier.create(d.algorithm(), d.publicKey()).verify(signatureInput(signed), sig)) {
                throw new StatusListException("status list signature does not verify under delegated key " + d.keyId()
                        + " (tampered?)");
            }
            StatusDocument doc = new StatusDocument(sequence, base, issuedAt, Instant.ofEpochSecond(next), digest, records, d,
                    Arrays.copyOfRange(in.array(), start, in.position()));
            if (!doc.isDelta() && !Arrays.equals(doc.asFullList().stateDigest(), digest)) {
                throw new StatusListException("status list " + sequence + ": state digest does not match its records");
            }
            return doc;
        } catch (BufferUnderflowException e) {
            throw new StatusListException("status list document truncated", e);
        } catch (IllegalArgumentException e) {
            throw new StatusListException("status list document is invalid: " + e.getMessage(), e);
        }
    }
}
