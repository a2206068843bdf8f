package org.markauth.verify.receipt;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.markauth.config.Secret;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.evidence.Evidence;
import org.markauth.sdk.evidence.EvidencePackage;
import org.markauth.sdk.receipt.Receipts;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs verification receipts (docs/mark-format.md, "Verification receipts") with the receipt key
 * configured by reference ({@code verify.receipt.key}: {@code file:/path} or {@code env:NAME}
 * holding {@code ALGORITHM:<private key hex>:<delegation hex>}, as {@code issuer keys receipt-key}
 * writes it). The key is checked at start-up against the pinned roots; it is never logged, and
 * {@link #toString()} names only its key id. Thread-safe (one signature at a time: a receipt is
 * signed only on request, an evidence package's statement only when one is downloaded).
 */
public final class ReceiptSigner {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptSigner.class);

    private final RawSigner key;
    private final Delegation delegation;
    private final String instance;
    private final Clock clock;
    private volatile boolean expiryLogged;

    private ReceiptSigner(RawSigner key, Delegation delegation, String instance, Clock clock) {
        this.key = key;
        this.delegation = delegation;
        this.instance = instance;
        this.clock = clock;
    }

    /**
     * Loads the key; throws {@link IllegalArgumentException} with a sentence naming what is wrong
     * (never the key's bytes).
     */
    public static ReceiptSigner load(Secret reference, List<TrustRoot> roots, String instance, Clock clock) {
        byte[] raw = reference.reveal();
        String text = new String(raw, StandardCharsets.US_ASCII).strip();
        Arrays.fill(raw, (byte) 0);
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("the receipt key must read ALGORITHM:<private key hex>:<delegation hex> "
                    + "(as `issuer keys receipt-key` writes it)");
        }
        SignatureAlgorithm alg;
        byte[] priv;
        Delegation d;
        try {
            alg = SignatureAlgorithm.valueOf(parts[0]);
            priv = HexFormat.of().parseHex(parts[1]);
            ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex(parts[2]));
            d = Delegation.read(b, roots, KeyUse.RECEIPT);
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after the delegation");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the receipt key is not valid: " + e.getMessage());
        }
        try {
            if (d.algorithm() != alg || !Arrays.equals(KeyPairs.publicKeyOf(alg, priv), d.publicKey())) {
                throw new IllegalArgumentException("the receipt key's delegation is for another key (" + d.keyId() + ")");
            }
            if (!d.covers(clock.instant())) {
                throw new IllegalArgumentException("the receipt key's delegation is not valid now (" + d.validFrom() + " .. "
                        + d.validUntil() + "); make a new one with `issuer keys receipt-key`");
            }
            return new ReceiptSigner(RawSigner.create(alg, priv), d, instance, clock);
        } finally {
            Arrays.fill(priv, (byte) 0);
        }
    }

    /**
     * True while the root's delegation covers now: after it ends every receipt would fail
     * verification, so the service refuses to give one (503 RECEIPT_KEY_EXPIRED) and says so.
     */
    public boolean validNow() {
        boolean valid = delegation.covers(clock.instant());
        if (!valid && !expiryLogged) {
            expiryLogged = true;
            LOG.warn("the receipt key's delegation ended on {}: receipts are refused until a new key is configured "
                    + "(issuer keys receipt-key)", delegation.validUntil());
        }
        return valid;
    }

    /** The receipt for one verdict: (code as received, verdict code, now, this instance), as JSON. */
    public synchronized JsonObject sign(String code, String verdict) {
        return new JsonObject(Receipts.sign(key, delegation, code, verdict, clock.instant(), instance).toJson().toString());
    }

    /**
     * The server statement of an evidence package (docs/mark-format.md §15): the stored inspection
     * signed with the receipt key, the same key and delegation as receipts. Serialised with
     * {@link #sign} (one signature at a time).
     *
     * @throws IllegalArgumentException when the key's delegation does not cover the inspection's receivedAt
     */
    public synchronized Evidence signEvidence(EvidencePackage.Inspection inspection) {
        return inspection.sign(key, delegation);
    }

    @Override
    public String toString() {
        return "ReceiptSigner[key " + delegation.keyId() + ", instance " + instance + "]";
    }
}
