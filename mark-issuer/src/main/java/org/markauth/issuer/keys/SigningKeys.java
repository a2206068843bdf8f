package org.markauth.issuer.keys;

import org.markauth.registry.Invalidation;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.batch.Minter;
import org.markauth.issuer.batch.Minting;
import org.markauth.issuer.serial.SerialPermutation;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyStatus;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.trust.TrustListSigner;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.sdk.trust.TrustedKey;

/**
 * The issuer's signing keys and the trust list built from them.
 *
 * <p>Private parts are generated here, sealed under the KEK at once ({@link Kek}, AAD = the 4-byte
 * key id) and stored in {@code signing_keys}; they are decrypted only inside a minter, copied into
 * its signer and zeroed. No method returns them and nothing logs them.
 *
 * <p>Rotation makes a new key ACTIVE and the previous ones RETIRED: retired keys sign nothing new
 * but their codes keep verifying (and their batches can be re-printed). Revocation marks a key
 * REVOKED with the time; verifiers then reject its codes. Every change publishes a new trust list
 * ({@code trust_lists}, list 'current', sequence + 1) signed by the programme root key, which the
 * issuer creates on first use and keeps sealed in {@code issuer_secrets}; export its public part
 * with {@link #root()} for verifiers to pin.
 */
public final class SigningKeys implements Minting {

    static final String ROOT = "trust-root";
    private static final String LIST = "current";

    private final CqlSession session;
    private final Kek kek;
    private final SecretStore secrets;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final KeySettings settings;
    private final SerialPermutation serials;
    private final PreparedStatement insertKey;
    private final PreparedStatement selectKey;
    private final PreparedStatement allKeys;
    private final PreparedStatement setStatus;
    private final PreparedStatement revoke;
    private final PreparedStatement latestList;
    private final PreparedStatement insertList;

    public SigningKeys(CqlSession session, Kek kek, SecretStore secrets, ChangeRecorder changes, Clock clock,
                       KeySettings settings, SerialPermutation serials) {
        this.session = session;
        this.kek = kek;
        this.secrets = secrets;
        this.changes = changes;
        this.clock = clock;
        this.settings = settings;
        this.serials = serials;
        String cols = "key_id, algorithm, public_key, encrypted_private_key, valid_from, valid_until, status, revoked_at, created_at";
        insertKey = session.prepare("INSERT INTO signing_keys (" + cols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        selectKey = session.prepare("SELECT " + cols + " FROM signing_keys WHERE key_id = ?");
        allKeys = session.prepare("SELECT " + cols + " FROM signing_keys");
        setStatus = session.prepare("UPDATE signing_keys SET status = ? WHERE key_id = ?");
        revoke = session.prepare("UPDATE signing_keys SET status = 'REVOKED', revoked_at = ? WHERE key_id = ?");
        latestList = session.prepare("SELECT sequence FROM trust_lists WHERE list = ? LIMIT 1");
        insertList = session.prepare("INSERT INTO trust_lists (list, sequence, document, signature, published_at) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
    }

    // ------------------------------------------------------------------ keys

    /** Generates a new ACTIVE key, retires the previous active ones and publishes the trust list. */
    public SigningKey rotate(Principal p, SignatureAlgorithm algorithm) {
        Permissions.requireRole(p, "rotate signing keys", Role.REGULATOR);
        return rotate(p.userId(), algorithm == null ? settings.algorithm() : algorithm);
    }

    /** As {@link #rotate(Principal, SignatureAlgorithm)} for ops tooling (bootstrap, bench). */
    public SigningKey rotate(String actor, SignatureAlgorithm algorithm) {
        List<SigningKey> before = keys();
        MarkKeyPair pair = KeyPairs.generate(algorithm);
        Instant now = clock.instant();
        SigningKey key = new SigningKey(pair.keyId(), algorithm, pair.publicKey(), now, now.plus(settings.keyValidity()),
                KeyStatus.ACTIVE, null, now);
        byte[] priv = pair.privateKey();
        byte[] sealed;
        try {
            sealed = kek.seal(priv, idBytes(key.keyId()));
        } finally {
            Arrays.fill(priv, (byte) 0);
            pair.destroy();
        }
        boolean applied = session.execute(insertKey.bind(ByteBuffer.wrap(idBytes(key.keyId())), algorithm.name(),
                ByteBuffer.wrap(key.publicKey()), ByteBuffer.wrap(sealed), key.validFrom(), key.validUntil(),
                KeyStatus.ACTIVE.name(), null, now)).wasApplied();
        if (!applied) {
            throw new IllegalStateException("key id " + key.keyId() + " collides with an existing key; rotate again");
        }
        for (SigningKey k : before) {
            if (k.status() == KeyStatus.ACTIVE) {
                session.execute(setStatus.bind(KeyStatus.RETIRED.name(), ByteBuffer.wrap(idBytes(k.keyId()))));
            }
        }
        publishTrustList();
        changes.record(actor, "keys.rotate", Invalidation.all(Invalidation.Kind.KEYS), "new " + algorithm + " key " + key.keyId().toHex() + " active; "
                + before.stream().filter(k -> k.status() == KeyStatus.ACTIVE).count() + " key(s) retired");
        return key;
    }

    /** Revokes a key (its codes stop verifying) and publishes the trust list. */
    public SigningKey revoke(Principal p, KeyId id, String reason) {
        Permissions.requireRole(p, "revoke signing keys", Role.REGULATOR);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required to revoke a key");
        }
        SigningKey k = key(id).orElseThrow(() -> new IssuerException.NotFound("signing key", id.toHex()));
        if (k.status() == KeyStatus.REVOKED) {
            return k;
        }
        Instant now = clock.instant();
        session.execute(revoke.bind(now, ByteBuffer.wrap(idBytes(id))));
        publishTrustList();
        changes.record(p.userId(), "keys.revoke", Invalidation.all(Invalidation.Kind.KEYS), "key " + id.toHex() + " revoked: " + reason
                + (k.status() == KeyStatus.ACTIVE ? " (it was the active key: rotate to issue again)" : ""));
        return key(id).orElseThrow();
    }

    public List<SigningKey> keys() {
        List<SigningKey> out = new ArrayList<>();
        session.execute(allKeys.bind()).forEach(r -> out.add(key(r)));
        out.sort(Comparator.comparing(SigningKey::createdAt));
        return out;
    }

    public Optional<SigningKey> key(KeyId id) {
        return Optional.ofNullable(session.execute(selectKey.bind(ByteBuffer.wrap(idBytes(id)))).one()).map(SigningKeys::key);
    }

    private static SigningKey key(Row r) {
        return new SigningKey(new KeyId(ByteBuffer.wrap(bytes(r.getByteBuffer("key_id"))).getInt()),
                SignatureAlgorithm.valueOf(r.getString("algorithm")), bytes(r.getByteBuffer("public_key")),
                r.getInstant("valid_from"), r.getInstant("valid_until"), KeyStatus.valueOf(r.getString("status")),
                r.getInstant("revoked_at"), r.getInstant("created_at"));
    }

    // ------------------------------------------------------------------ minting

    @Override
    public int activeKeyId() {
        Instant now = clock.instant();
        return keys().stream()
                .filter(k -> k.status() == KeyStatus.ACTIVE && !now.isBefore(k.validFrom()) && now.isBefore(k.validUntil()))
                .reduce((a, b) -> b)
                .map(k -> k.keyId().value())
                .orElseThrow(() -> new IssuerException.Unavailable("NO_ACTIVE_KEY",
                        "no active signing key; the programme office must generate one (issuer keys rotate)", null));
    }

    @Override
    public Minter.Factory minters(Batch batch, String gtin) {
        KeyId id = new KeyId(batch.keyId());
        Row r = session.execute(selectKey.bind(ByteBuffer.wrap(idBytes(id)))).one();
        if (r == null) {
            throw new IssuerException.NotFound("signing key", id.toHex());
        }
        if (KeyStatus.REVOKED.name().equals(r.getString("status"))) {
            throw new IssuerException.Refused("KEY_REVOKED", "batch " + batch.batchId() + " was signed with key " + id.toHex()
                    + ", which is revoked; its codes no longer verify and cannot be printed");
        }
        SignatureAlgorithm alg = SignatureAlgorithm.valueOf(r.getString("algorithm"));
        byte[] sealed = bytes(r.getByteBuffer("encrypted_private_key"));
        Gtin g = gtin == null ? null : new Gtin(gtin);
        String host = settings.markHost();
        return () -> {
            byte[] priv = kek.open(sealed, idBytes(id));
            MarkSigner signer;
            try {
                signer = MarkSigner.create(alg, priv);
            } finally {
                Arrays.fill(priv, (byte) 0);
            }
            return new SdkMinter(batch, g, host, signer, serials.copy());
        };
    }

    /** One worker's minter: its own signer and permutation (neither is thread-safe). */
    private static final class SdkMinter implements Minter {
        private final long productId;
        private final int batchId;
        private final Gtin gtin;
        private final String host;
        private final MarkSigner signer;
        private final SerialPermutation prp;

        SdkMinter(Batch b, Gtin gtin, String host, MarkSigner signer, SerialPermutation prp) {
            this.productId = b.productId();
            this.batchId = b.batchId();
            this.gtin = gtin;
            this.host = host;
            this.signer = signer;
            this.prp = prp;
        }

        @Override
        public long serial(int seq) {
            return prp.serial(batchId, seq);
        }

        @Override
        public String code(long serial) {
            return signer.sign(new MarkContent(productId, batchId, new Serial(serial), gtin)).toUrl(host);
        }

        @Override
        public void close() {
            signer.destroy();
        }
    }

    // ------------------------------------------------------------------ trust list

    /** The programme root (public part) that verifiers pin. */
    public TrustRoot root() {
        SecretStore.Stored s = rootSecret();
        return new TrustRoot(SignatureAlgorithm.valueOf(s.algorithm()), s.publicPart());
    }

    private SecretStore.Stored rootSecret() {
        return secrets.getOrCreate(ROOT, () -> {
            MarkKeyPair pair = KeyPairs.generate(SignatureAlgorithm.ED25519);
            try {
                return new SecretStore.Fresh(SignatureAlgorithm.ED25519.name(), pair.publicKey(), pair.privateKey());
            } finally {
                pair.destroy();
            }
        });
    }

    /** Builds, signs and stores the next trust list from the keys table; returns its sequence. */
    public long publishTrustList() {
        SecretStore.Stored root = rootSecret();
        SignatureAlgorithm rootAlg = SignatureAlgorithm.valueOf(root.algorithm());
        List<TrustedKey> trusted = new ArrayList<>();
        for (SigningKey k : keys()) {
            trusted.add(new TrustedKey(k.keyId(), k.algorithm(), k.publicKey(), k.validFrom(), k.validUntil(), k.status(),
                    k.revokedAt()));
        }
        byte[] priv = secrets.open(ROOT, root);
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                Row last = session.execute(latestList.bind(LIST)).one();
                long seq = last == null ? 1 : last.getLong(0) + 1;
                Instant now = clock.instant();
                TrustList list = new TrustList(seq, now, now.plus(settings.trustListPeriod()), settings.trustHosts(), trusted);
                TrustListSigner signer = TrustListSigner.create(rootAlg, priv);
                RawSigner raw = RawSigner.create(rootAlg, priv);
                byte[] document;
                byte[] signature;
                try {
                    document = signer.sign(list);
                    byte[] input = TrustListCodec.signatureInput(list);
                    signature = raw.sign(input, 0, input.length);
                } finally {
                    signer.destroy();
                    raw.destroy();
                }
                if (session.execute(insertList.bind(LIST, seq, ByteBuffer.wrap(document), ByteBuffer.wrap(signature), now)).wasApplied()) {
                    return seq;
                }
            }
            throw new IllegalStateException("could not claim a trust-list sequence after 5 attempts (concurrent publishers?)");
        } finally {
            Arrays.fill(priv, (byte) 0);
        }
    }

    /**
     * A root-signed delegation for a service key (docs/mark-format.md, "Delegated service keys"):
     * the status-list key and the verify-api's receipt key are vouched for this way, so the trust
     * list keeps its format for existing readers.
     */
    public Delegation delegate(KeyUse use, SignatureAlgorithm algorithm,
                                                      byte[] publicKey, Instant validFrom, Instant validUntil) {
        SecretStore.Stored root = rootSecret();
        byte[] priv = secrets.open(ROOT, root);
        RawSigner raw = RawSigner.create(SignatureAlgorithm.valueOf(root.algorithm()), priv);
        try {
            return Delegation.issue(raw, use, algorithm, publicKey, validFrom, validUntil);
        } finally {
            raw.destroy();
            Arrays.fill(priv, (byte) 0);
        }
    }

    /**
     * A new verify-api receipt key (Ed25519) with its root-signed RECEIPT delegation, in the form
     * {@code verify.receipt.key} reads: {@code ED25519:<private hex>:<delegation hex>}. The private
     * key is not stored here; the caller writes it to a file only the verify-api can read. Audited.
     */
    public String newReceiptKey(String actor, Duration validity) {
        MarkKeyPair pair = KeyPairs.generate(SignatureAlgorithm.ED25519);
        Instant now = clock.instant();
        try {
            Delegation d = delegate(KeyUse.RECEIPT, pair.algorithm(),
                    pair.publicKey(), now, now.plus(validity));
            changes.record(actor, "keys.receipt-key", Invalidation.of(Invalidation.Kind.KEYS, "receipt"), "receipt key " + d.keyId() + " delegated until "
                    + d.validUntil());
            byte[] priv = pair.privateKey();
            try {
                return pair.algorithm().name() + ":" + HexFormat.of().formatHex(priv) + ":"
                        + HexFormat.of().formatHex(d.encode());
            } finally {
                Arrays.fill(priv, (byte) 0);
            }
        } finally {
            pair.destroy();
        }
    }

    /** The latest published trust list document (the signed envelope verify-api serves). */
    public Optional<byte[]> latestTrustListDocument() {
        Row r = session.execute("SELECT document FROM trust_lists WHERE list = 'current' LIMIT 1").one();
        return Optional.ofNullable(r).map(row -> bytes(row.getByteBuffer(0)));
    }

    static byte[] idBytes(KeyId id) {
        return ByteBuffer.allocate(4).putInt(0, id.value()).array();
    }

    private static byte[] bytes(ByteBuffer b) {
        return BatchStore.bytes(b);
    }
}
