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
import org.markauth.sdk.trust.TrustListDelegation;
import org.markauth.sdk.trust.TrustListException;
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
 * ({@code trust_lists}, list 'current', sequence + 1).
 *
 * <p>Who signs the trust list depends on {@link KeySettings#rootOffline()}:
 * <ul>
 *   <li>offline root (a root pinned in {@code issuer.trust.roots}): the issuer never holds the root.
 *       It makes a trust-list key ({@link #delegationRequest}), the root signs a delegation for it in
 *       an offline ceremony, the issuer imports it ({@link #importDelegation}) and signs
 *       {@code markauth-trust-list/2} documents with that key, only inside the delegation's window
 *       and scope (docs/mark-format.md 10b). The status-list key's STATUS delegation comes from the
 *       same ceremony; receipt keys are made by it ({@code markauth root receipt-key}).</li>
 *   <li>legacy online root (nothing pinned): the root is created here on first use and kept sealed in
 *       {@code issuer_secrets}; lists are {@code /1}. Kept for deployments that have not held the
 *       ceremony yet (ops/runbooks/key-rotation-and-compromise.md, section E, moving the root offline).</li>
 * </ul>
 */
public final class SigningKeys implements Minting {

    static final String ROOT = "trust-root";
    /** The status-list key in {@code issuer_secrets} (its STATUS delegation: online root or imported). */
    public static final String STATUS_KEY = "status-list-key";
    private static final String LIST = "current";
    private static final String TRUST_LIST_KEY = "trust-list-key:";
    /** Delegations with less than this left raise a warning on every publication. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SigningKeys.class);

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
    private final TrustDelegations delegations;

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
        delegations = settings.rootOffline() ? new TrustDelegations(session) : null;
    }

    // ------------------------------------------------------------------ keys

    /** Generates a new ACTIVE key, retires the previous active ones and publishes the trust list. */
    public SigningKey rotate(Principal p, SignatureAlgorithm algorithm) {
        Permissions.requireRole(p, "rotate signing keys", Role.REGULATOR);
        return rotate(p.userId(), algorithm == null ? settings.algorithm() : algorithm);
    }

    /** As {@link #rotate(Principal, SignatureAlgorithm)} for ops tooling (bootstrap, bench). */
    public SigningKey rotate(String actor, SignatureAlgorithm algorithm) {
        requirePublishable();
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
        requirePublishable();
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

    /** The programme root (public part) that verifiers pin: the pinned offline root, or the legacy online one. */
    public TrustRoot root() {
        if (settings.rootOffline()) {
            return settings.trustRoots().get(0);
        }
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
        List<TrustedKey> trusted = new ArrayList<>();
        for (SigningKey k : keys()) {
            trusted.add(new TrustedKey(k.keyId(), k.algorithm(), k.publicKey(), k.validFrom(), k.validUntil(), k.status(),
                    k.revokedAt()));
        }
        TrustListSigner signer;
        SignatureAlgorithm alg;
        byte[] priv;
        java.util.function.Function<TrustList, byte[]> input;
        if (settings.rootOffline()) {
            TrustListDelegation.Signed d = currentDelegation(clock.instant());
            String name = TRUST_LIST_KEY + d.delegation().keyId().toHex();
            SecretStore.Stored key = secrets.find(name).orElseThrow(() -> new IssuerException.Unavailable("TRUST_LIST_KEY_MISSING",
                    "the private part of delegated trust-list key " + d.delegation().keyId() + " is not in issuer_secrets", null));
            alg = d.delegation().algorithm();
            priv = secrets.open(name, key);
            signer = TrustListSigner.delegated(alg, priv, d);
            input = TrustListCodec::delegatedSignatureInput;
        } else {
            SecretStore.Stored root = rootSecret();
            alg = SignatureAlgorithm.valueOf(root.algorithm());
            priv = secrets.open(ROOT, root);
            signer = TrustListSigner.create(alg, priv);
            input = TrustListCodec::signatureInput;
        }
        RawSigner raw = RawSigner.create(alg, priv);
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                Row last = session.execute(latestList.bind(LIST)).one();
                long seq = last == null ? 1 : last.getLong(0) + 1;
                Instant now = clock.instant();
                TrustList list = new TrustList(seq, now, now.plus(settings.trustListPeriod()), settings.trustHosts(), trusted);
                byte[] document;
                try {
                    document = signer.sign(list);
                } catch (TrustListException e) {
                    // the window ended between the check and now, or the hosts left the delegation's scope
                    LOG.error("ALERT trust list not published: {}", e.getMessage());
                    throw new IssuerException.Unavailable("TRUST_DELEGATION_" + e.refusal().name().replace("DELEGATION_", ""),
                            e.getMessage(), e);
                }
                byte[] in = input.apply(list);
                byte[] signature = raw.sign(in, 0, in.length);
                if (session.execute(insertList.bind(LIST, seq, ByteBuffer.wrap(document), ByteBuffer.wrap(signature), now)).wasApplied()) {
                    return seq;
                }
            }
            throw new IllegalStateException("could not claim a trust-list sequence after 5 attempts (concurrent publishers?)");
        } finally {
            signer.destroy();
            raw.destroy();
            Arrays.fill(priv, (byte) 0);
        }
    }

    /** Fails, before anything changes, when a trust list could not be published now (offline root without a delegation in force). */
    private void requirePublishable() {
        if (settings.rootOffline()) {
            currentDelegation(clock.instant());
        }
    }

    /**
     * The imported trust-list delegation in force at {@code now} whose key this issuer holds (the
     * newest window first).
     *
     * @throws IssuerException.Unavailable NO_TRUST_DELEGATION, TRUST_DELEGATION_EXPIRED or
     *                                     TRUST_DELEGATION_NOT_YET_VALID, logged as an ALERT
     */
    private TrustListDelegation.Signed currentDelegation(Instant now) {
        List<TrustDelegations.Imported> all = delegations.all(TrustDelegations.TRUST_LIST);
        for (TrustDelegations.Imported i : all) {
            if (i.covers(now) && secrets.find(TRUST_LIST_KEY + i.keyId().toHex()).isPresent()) {
                TrustListDelegation.Signed d = TrustListDelegation.decodeAndVerify(i.document(), settings.trustRoots());
                if (Duration.between(now, d.delegation().notAfter()).compareTo(EXPIRY_WARNING) < 0) {
                    LOG.warn("the trust-list delegation of key {} ends at {}: hold the root ceremony and import a new one before then "
                            + "(ops/runbooks/key-rotation-and-compromise.md)", d.delegation().keyId(), d.delegation().notAfter());
                }
                return d;
            }
        }
        String why;
        String code;
        if (all.isEmpty()) {
            code = "NO_TRUST_DELEGATION";
            why = "no trust-list delegation is imported: the programme root is offline (issuer.trust.roots), so run "
                    + "`issuer keys delegation-request`, have the root sign it (`markauth root delegate`) and import it "
                    + "(`issuer keys import-delegation`)";
        } else if (all.stream().allMatch(i -> now.isAfter(i.notAfter()))) {
            code = "TRUST_DELEGATION_EXPIRED";
            why = "the trust-list delegation expired at " + all.stream().map(TrustDelegations.Imported::notAfter)
                    .max(Comparator.naturalOrder()).orElseThrow() + "; hold the root ceremony and import a new delegation";
        } else {
            code = "TRUST_DELEGATION_NOT_YET_VALID";
            why = "no imported trust-list delegation is valid at " + now + " (the next starts at " + all.stream()
                    .map(TrustDelegations.Imported::notBefore).filter(now::isBefore).min(Comparator.naturalOrder()).orElse(null)
                    + ")";
        }
        LOG.error("ALERT trust list cannot be published: {}", why);
        throw new IssuerException.Unavailable(code, why, null);
    }

    // ------------------------------------------------------------------ offline root: request and import

    /** What the ceremony needs from this issuer: the public parts of its trust-list key and status-list key. */
    public record DelegationRequest(SignatureAlgorithm algorithm, byte[] trustListKey, byte[] statusKey, String programme,
                                    List<String> hosts) {
        public String trustListKeySpec() {
            return algorithm.name() + ":" + HexFormat.of().formatHex(trustListKey);
        }

        public String statusKeySpec() {
            return algorithm.name() + ":" + HexFormat.of().formatHex(statusKey);
        }
    }

    /**
     * Makes a new trust-list key (Ed25519, sealed under the KEK as {@code trust-list-key:<id>}) for
     * the root to delegate, and returns it with the status-list key. Audited. The key signs nothing
     * until its delegation is imported.
     */
    public DelegationRequest delegationRequest(String actor) {
        MarkKeyPair pair = KeyPairs.generate(SignatureAlgorithm.ED25519);
        try {
            SecretStore.Stored s = secrets.getOrCreate(TRUST_LIST_KEY + pair.keyId().toHex(), () ->
                    new SecretStore.Fresh(pair.algorithm().name(), pair.publicKey(), pair.privateKey()));
            SecretStore.Stored status = statusKey();
            changes.record(actor, "keys.delegation-request", Invalidation.of(Invalidation.Kind.KEYS, "trust-list"),
                    "trust-list key " + pair.keyId().toHex() + " made for the root ceremony");
            return new DelegationRequest(pair.algorithm(), s.publicPart(), status.publicPart(), settings.programme(),
                    settings.trustHosts());
        } finally {
            pair.destroy();
        }
    }

    /** The status-list key (Ed25519, sealed in {@code issuer_secrets}), made on first use. */
    public SecretStore.Stored statusKey() {
        return secrets.getOrCreate(STATUS_KEY, () -> {
            MarkKeyPair pair = KeyPairs.generate(SignatureAlgorithm.ED25519);
            try {
                return new SecretStore.Fresh(SignatureAlgorithm.ED25519.name(), pair.publicKey(), pair.privateKey());
            } finally {
                pair.destroy();
            }
        });
    }

    /**
     * Imports what the root ceremony signed: the trust-list delegation and, optionally, the STATUS
     * delegation of the status-list key. Checked here before anything is stored: the root is pinned,
     * the signature verifies, the programme is this issuer's, every trust-list host is in scope, the
     * window has not ended, and this issuer holds the delegated key. Then a trust list is published
     * when the new delegation is in force. Audited.
     *
     * @throws IssuerException.Refused naming what is wrong (DELEGATION_REFUSED and the SDK's reason,
     *                                 DELEGATION_SCOPE, DELEGATION_EXPIRED, DELEGATION_UNKNOWN_KEY…)
     */
    public TrustListDelegation importDelegation(String actor, byte[] document, byte[] statusDelegation) {
        if (!settings.rootOffline()) {
            throw new IssuerException.Refused("ROOT_NOT_PINNED", "pin the offline root first (issuer.trust.roots=ALG:HEX and "
                    + "issuer.programme): a delegation is verified against it");
        }
        TrustListDelegation.Signed signed;
        try {
            signed = TrustListDelegation.decodeAndVerify(document, settings.trustRoots());
        } catch (TrustListException e) {
            throw new IssuerException.Refused("DELEGATION_REFUSED", "the delegation is refused (" + e.refusal() + "): " + e.getMessage());
        }
        TrustListDelegation d = signed.delegation();
        Instant now = clock.instant();
        if (!d.programme().equals(settings.programme())) {
            throw new IssuerException.Refused("DELEGATION_SCOPE", "the delegation is for programme '" + d.programme()
                    + "', this issuer is '" + settings.programme() + "' (issuer.programme)");
        }
        if (!d.hosts().containsAll(settings.trustHosts())) {
            List<String> missing = new ArrayList<>(settings.trustHosts());
            missing.removeAll(d.hosts());
            throw new IssuerException.Refused("DELEGATION_SCOPE", "the delegation's hosts " + d.hosts() + " leave out this "
                    + "issuer's trust-list host(s) " + missing + " (issuer.mark-host, issuer.trust-hosts)");
        }
        if (now.isAfter(d.notAfter())) {
            throw new IssuerException.Refused("DELEGATION_EXPIRED", "the delegation ended at " + d.notAfter()
                    + "; have the root sign a new one");
        }
        if (secrets.find(TRUST_LIST_KEY + d.keyId().toHex()).isEmpty()) {
            throw new IssuerException.Refused("DELEGATION_UNKNOWN_KEY", "the delegation names key " + d.keyId() + ", which this "
                    + "issuer did not make; delegate the key `issuer keys delegation-request` printed here");
        }
        Delegation status = null;
        if (statusDelegation != null) {
            try {
                status = Delegation.read(ByteBuffer.wrap(statusDelegation), settings.trustRoots(), KeyUse.STATUS);
            } catch (IllegalArgumentException e) {
                throw new IssuerException.Refused("DELEGATION_REFUSED", "the status delegation is refused: " + e.getMessage());
            }
            if (!Arrays.equals(status.publicKey(), statusKey().publicPart())) {
                throw new IssuerException.Refused("DELEGATION_UNKNOWN_KEY", "the status delegation names key " + status.keyId()
                        + ", not this issuer's status-list key " + KeyId.of(statusKey().publicPart()));
            }
            if (now.isAfter(status.validUntil())) {
                throw new IssuerException.Refused("DELEGATION_EXPIRED", "the status delegation ended at " + status.validUntil());
            }
        }
        delegations.store(TrustDelegations.TRUST_LIST, d.keyId(), d.notBefore(), d.notAfter(), signed.document(), now, actor);
        if (status != null) {
            delegations.store(TrustDelegations.STATUS, status.keyId(), status.validFrom(), status.validUntil(), status.encode(), now, actor);
        }
        changes.record(actor, "keys.import-delegation", Invalidation.all(Invalidation.Kind.KEYS), "trust-list key " + d.keyId()
                + " delegated by root " + signed.rootKeyId() + " for " + d.hosts() + ", " + d.notBefore() + " .. " + d.notAfter()
                + (status == null ? "" : "; status key " + status.keyId() + " until " + status.validUntil()));
        if (d.covers(now)) {
            publishTrustList();
        }
        return d;
    }

    /** The imported trust-list delegations, newest window first (empty with the legacy online root). */
    public List<TrustListDelegation> trustDelegations() {
        if (!settings.rootOffline()) {
            return List.of();
        }
        return delegations.all(TrustDelegations.TRUST_LIST).stream()
                .map(i -> TrustListDelegation.decodeAndVerify(i.document(), settings.trustRoots()).delegation()).toList();
    }

    /**
     * The STATUS delegation for the status-list key to carry in a list issued at {@code issuedAt}:
     * signed now by the legacy online root, or the imported one in force (offline root).
     */
    public Delegation statusDelegation(SignatureAlgorithm algorithm, byte[] publicKey, Instant issuedAt) {
        if (!settings.rootOffline()) {
            return delegate(KeyUse.STATUS, algorithm, publicKey, issuedAt, issuedAt.plus(Duration.ofDays(365)));
        }
        for (TrustDelegations.Imported i : delegations.all(TrustDelegations.STATUS)) {
            Delegation d = Delegation.read(ByteBuffer.wrap(i.document()), settings.trustRoots(), KeyUse.STATUS);
            if (d.covers(issuedAt) && Arrays.equals(d.publicKey(), publicKey)) {
                return d;
            }
        }
        LOG.error("ALERT status list cannot be published: no imported STATUS delegation for the status-list key is valid at {}",
                issuedAt);
        throw new IssuerException.Unavailable("NO_STATUS_DELEGATION", "no imported STATUS delegation for the status-list key "
                + KeyId.of(publicKey) + " is valid at " + issuedAt + "; the root ceremony signs it (`markauth root delegate-service "
                + "--use STATUS`) and `issuer keys import-delegation --status-delegation` imports it", null);
    }

    /**
     * A root-signed delegation for a service key (docs/mark-format.md, "Delegated service keys"):
     * the status-list key and the verify-api's receipt key are vouched for this way, so the trust
     * list keeps its format for existing readers.
     */
    public Delegation delegate(KeyUse use, SignatureAlgorithm algorithm,
                                                      byte[] publicKey, Instant validFrom, Instant validUntil) {
        if (settings.rootOffline()) {
            throw new IssuerException.Refused("ROOT_OFFLINE", "the programme root is offline: " + use + " delegations are signed "
                    + "in the root ceremony (`markauth root delegate-service`, `markauth root receipt-key`)");
        }
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
