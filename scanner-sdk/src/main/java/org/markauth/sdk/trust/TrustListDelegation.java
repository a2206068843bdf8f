package org.markauth.sdk.trust;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.crypto.SignatureVerifier;
import org.markauth.sdk.mark.MarkCodec;
import org.markauth.sdk.mark.ScanText;

/**
 * The offline root's word that an issuer key may sign trust lists (docs/mark-format.md, "10b.
 * Trust-list delegation"): "key {@code publicKey} of programme {@code programme} may sign
 * {@code uses} naming only {@code hosts}, issued between {@code notBefore} and {@code notAfter}".
 * The root signs it in an offline ceremony ({@code markauth root delegate}); the issuer imports it
 * and carries it in every trust list it signs ({@code markauth-trust-list/2}), so verifiers pin the
 * root only. Instants are whole seconds; hosts upper case, sorted, distinct; uses sorted, distinct.
 *
 * <p>Document: {@code {"format":"markauth-delegation/1","payload":<canonical>,"signature":{"algorithm",
 * "keyId","value"}}} followed by one LF; the root signs {@value #PREFIX_TEXT} ‖ canonical payload.
 */
public record TrustListDelegation(String programme, List<String> uses, List<String> hosts, SignatureAlgorithm algorithm,
                                  byte[] publicKey, Instant notBefore, Instant notAfter) {

    public static final String FORMAT = "markauth-delegation/1";
    static final String PREFIX_TEXT = "MARKAUTH-TRUSTLIST-DELEGATION-v1";
    public static final byte[] SIGNATURE_PREFIX = PREFIX_TEXT.getBytes(StandardCharsets.US_ASCII);
    /** The one use defined today: the key may sign trust lists. */
    public static final String TRUST_LIST = "TRUST_LIST";
    private static final Set<String> KNOWN_USES = Set.of(TRUST_LIST);
    private static final Pattern PROGRAMME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> ENVELOPE_FIELDS = Set.of("format", "payload", "signature");
    private static final Set<String> PAYLOAD_FIELDS =
            Set.of("programme", "uses", "hosts", "algorithm", "publicKey", "keyId", "notBefore", "notAfter");
    private static final Set<String> SIGNATURE_FIELDS = Set.of("algorithm", "keyId", "value");
    private static final HexFormat HEX = HexFormat.of();

    public TrustListDelegation {
        Objects.requireNonNull(programme, "programme");
        Objects.requireNonNull(algorithm, "algorithm");
        if (!PROGRAMME.matcher(programme).matches()) {
            throw new IllegalArgumentException("delegation programme '" + programme
                    + "' must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        uses = uses.stream().sorted().distinct().toList();
        if (uses.isEmpty() || !KNOWN_USES.containsAll(uses)) {
            throw new IllegalArgumentException("delegation uses must be a non-empty subset of " + KNOWN_USES + ", got " + uses);
        }
        hosts = hosts.stream().map(ScanText::upper).sorted().distinct().toList();
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("delegation must name at least one programme host");
        }
        for (String h : hosts) {
            if (!MarkCodec.isValidHost(h)) {
                throw new IllegalArgumentException("delegation host is not a valid host name: " + h);
            }
        }
        publicKey = publicKey.clone();
        SignatureVerifier.create(algorithm, publicKey); // length and point
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("delegation notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
    }

    public KeyId keyId() {
        return KeyId.of(publicKey);
    }

    /** {@code true} when {@code at} lies in [notBefore, notAfter]. */
    public boolean covers(Instant at) {
        return !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }

    /** {@code null} when this delegation lets its key sign {@code list}, else the sentence saying why not. */
    public String refusesScope(TrustList list) {
        if (!uses.contains(TRUST_LIST)) {
            return "the delegation does not allow its key to sign trust lists (uses " + uses + ")";
        }
        if (!hosts.containsAll(list.hosts())) {
            List<String> extra = new ArrayList<>(list.hosts());
            extra.removeAll(hosts);
            return "the trust list names host(s) " + extra + " outside the delegation's scope " + hosts;
        }
        return null;
    }

    // ------------------------------------------------------------------ encoding

    /** The canonical payload bytes (ASCII, fixed member order, no white space). */
    public byte[] canonical() {
        StringBuilder b = new StringBuilder(320);
        b.append("{\"programme\":\"").append(programme).append("\",\"uses\":[");
        strings(b, uses);
        b.append("],\"hosts\":[");
        strings(b, hosts);
        b.append("],\"algorithm\":\"").append(algorithm.name())
                .append("\",\"publicKey\":\"").append(HEX.formatHex(publicKey))
                .append("\",\"keyId\":\"").append(keyId().toHex())
                .append("\",\"notBefore\":\"").append(TrustListCodec.instant(notBefore))
                .append("\",\"notAfter\":\"").append(TrustListCodec.instant(notAfter)).append("\"}");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The bytes the root signs: {@value #PREFIX_TEXT} ‖ canonical payload. */
    public byte[] signatureInput() {
        byte[] c = canonical();
        byte[] in = Arrays.copyOf(SIGNATURE_PREFIX, SIGNATURE_PREFIX.length + c.length);
        System.arraycopy(c, 0, in, SIGNATURE_PREFIX.length, c.length);
        return in;
    }

    /** Signs this delegation with the root: the document, ending in one LF (the offline ceremony). */
    public Signed sign(RawSigner root) {
        return new Signed(this, root.algorithm(), root.keyId(), root.sign(signatureInput()));
    }

    /**
     * A delegation with the root's signature; {@link #document()} is the file the ceremony writes
     * and the issuer imports, {@link #object()} the same without its LF, as a trust list embeds it.
     */
    public record Signed(TrustListDelegation delegation, SignatureAlgorithm rootAlgorithm, KeyId rootKeyId, byte[] signature) {
        public Signed {
            Objects.requireNonNull(delegation, "delegation");
            signature = signature.clone();
        }

        public byte[] object() {
            String s = "{\"format\":\"" + FORMAT + "\",\"payload\":" + new String(delegation.canonical(), StandardCharsets.US_ASCII)
                    + ",\"signature\":{\"algorithm\":\"" + rootAlgorithm.name() + "\",\"keyId\":\"" + rootKeyId.toHex()
                    + "\",\"value\":\"" + HEX.formatHex(signature) + "\"}}";
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        public byte[] document() {
            byte[] o = object();
            byte[] d = Arrays.copyOf(o, o.length + 1);
            d[o.length] = '\n';
            return d;
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signed s && Arrays.equals(object(), s.object());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(object());
        }

        @Override
        public String toString() {
            return "TrustListDelegation.Signed[" + delegation + ", by root " + rootKeyId + "]";
        }
    }

    /**
     * Parses a delegation document (or the object a trust list embeds: the trailing LF is optional)
     * and verifies it under the pinned roots. The validity window is NOT checked here: a verifier
     * checks it against the trust list's issue time, an importer against the clock.
     *
     * @throws TrustListException with DELEGATION_* refusals for the root and signature, BAD_VALUE,
     *                            UNKNOWN_MEMBER, NOT_CANONICAL… for the form
     */
    public static Signed decodeAndVerify(byte[] document, List<TrustRoot> roots) {
        if (document.length > 64 * 1024) {
            throw new TrustListException(TrustListRefusal.TOO_LARGE, "delegation document is " + document.length
                    + " bytes, limit 65536");
        }
        if (document.length == 0 || document[0] != '{') {
            throw new TrustListException(TrustListRefusal.BAD_FRAMING, "delegation document must start with '{'");
        }
        TrustListCodec.Envelope e = TrustListCodec.envelope(document);
        JsonNode env = e.tree();
        TrustListCodec.onlyFields(env, ENVELOPE_FIELDS, "delegation");
        if (!FORMAT.equals(TrustListCodec.text(env, "format"))) {
            throw new TrustListException(TrustListRefusal.BAD_FORMAT, "delegation format must be " + FORMAT + ", got "
                    + env.get("format"));
        }
        JsonNode sig = TrustListCodec.object(env, "signature");
        TrustListCodec.onlyFields(sig, SIGNATURE_FIELDS, "delegation signature");
        TrustListDelegation d = payload(TrustListCodec.object(env, "payload"));
        if (!Arrays.equals(d.canonical(), e.member(document, "payload"))) {
            throw new TrustListException(TrustListRefusal.NOT_CANONICAL, "delegation payload is not in canonical form "
                    + "(member order, white space, upper-case hosts sorted and distinct, uses sorted, whole-second times)");
        }
        SignatureAlgorithm alg = TrustListCodec.algorithm(TrustListCodec.text(sig, "algorithm"));
        KeyId rootId = TrustListCodec.keyId(TrustListCodec.text(sig, "keyId"));
        byte[] value = TrustListCodec.hex(TrustListCodec.text(sig, "value"), "delegation signature value");
        TrustRoot root = roots.stream().filter(r -> r.algorithm() == alg && r.keyId().equals(rootId)).findFirst()
                .orElseThrow(() -> new TrustListException(TrustListRefusal.DELEGATION_UNPINNED_ROOT, "the delegation is signed by "
                        + "root key " + rootId + " (" + alg + "), which is not pinned; pinned roots: " + roots));
        if (value.length != alg.signatureLength()
                || !SignatureVerifier.create(alg, root.publicKey()).verify(d.signatureInput(), value)) {
            throw new TrustListException(TrustListRefusal.DELEGATION_BAD_SIGNATURE, "the delegation's signature does not verify "
                    + "under root key " + rootId + " (tampered, or signed over other bytes)");
        }
        return new Signed(d, alg, rootId, value);
    }

    private static TrustListDelegation payload(JsonNode p) {
        TrustListCodec.onlyFields(p, PAYLOAD_FIELDS, "delegation payload");
        String programme = TrustListCodec.text(p, "programme");
        List<String> uses = new ArrayList<>();
        for (JsonNode u : TrustListCodec.array(p, "uses")) {
            if (!u.isTextual()) {
                throw new TrustListException("delegation uses must be strings");
            }
            uses.add(u.asText());
        }
        List<String> hosts = new ArrayList<>();
        for (JsonNode h : TrustListCodec.array(p, "hosts")) {
            if (!h.isTextual() || !MarkCodec.isValidHost(h.asText())) {
                throw new TrustListException(TrustListRefusal.BAD_HOST, "delegation host " + h + " is not a host name");
            }
            hosts.add(h.asText());
        }
        SignatureAlgorithm alg = TrustListCodec.algorithm(TrustListCodec.text(p, "algorithm"));
        byte[] pub = TrustListCodec.hex(TrustListCodec.text(p, "publicKey"), "delegation publicKey");
        KeyId id = TrustListCodec.keyId(TrustListCodec.text(p, "keyId"));
        Instant notBefore = TrustListCodec.instant(TrustListCodec.text(p, "notBefore"));
        Instant notAfter = TrustListCodec.instant(TrustListCodec.text(p, "notAfter"));
        try {
            SignatureVerifier.create(alg, pub);
        } catch (IllegalArgumentException ex) {
            throw new TrustListException(TrustListRefusal.BAD_KEY, "delegated key is refused: " + ex.getMessage(), ex);
        }
        if (!KeyId.of(pub).equals(id)) {
            throw new TrustListException(TrustListRefusal.KEY_ID_MISMATCH, "delegation keyId " + id
                    + " is not the id of its public key (" + KeyId.of(pub) + ")");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new TrustListException(TrustListRefusal.VALIDITY_ORDER, "delegation notAfter " + notAfter
                    + " must be after notBefore " + notBefore);
        }
        try {
            return new TrustListDelegation(programme, uses, hosts, alg, pub, notBefore, notAfter);
        } catch (IllegalArgumentException ex) {
            throw new TrustListException("delegation payload is invalid: " + ex.getMessage(), ex);
        }
    }

    private static void strings(StringBuilder b, List<String> l) {
        for (int i = 0; i < l.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(l.get(i)).append('"');
        }
    }

    // ------------------------------------------------------------------ fingerprints

    /**
     * The fingerprint people compare when they pin a root: SHA-256 over the algorithm name, a colon
     * and the raw public key, lowercase hex in groups of four (docs/mark-format.md 10b).
     */
    public static String fingerprint(TrustRoot root) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((root.algorithm().name() + ":").getBytes(StandardCharsets.US_ASCII));
            String h = HEX.formatHex(md.digest(root.publicKey()));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < h.length(); i += 4) {
                b.append(i == 0 ? "" : ":").append(h, i, i + 4);
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustListDelegation d && Arrays.equals(canonical(), d.canonical());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(canonical());
    }

    @Override
    public String toString() {
        return "TrustListDelegation[" + programme + ", key " + keyId() + " " + algorithm + ", " + uses + " " + hosts + ", "
                + notBefore + ".." + notAfter + "]";
    }
}
