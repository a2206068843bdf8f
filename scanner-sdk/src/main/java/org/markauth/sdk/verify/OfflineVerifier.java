package org.markauth.sdk.verify;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.markauth.sdk.crypto.SignatureVerifier;
import org.markauth.sdk.mark.MarkCodec;
import org.markauth.sdk.mark.ParseResult;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.status.BatchStatus;
import org.markauth.sdk.status.StatusList;
import org.markauth.sdk.trust.KeyStatus;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustedKey;

/**
 * Verifies scanned marks without a network, against one trust list. Immutable and thread-safe;
 * never throws for any input. Order of checks (docs/mark-format.md, "Verification"): parse
 * (MALFORMED / FOREIGN) → key lookup (UNKNOWN_KEY) → algorithm matches the key and the signature
 * verifies (FORGED) → key revoked (KEY_REVOKED) → the status list's word on the unit (VOIDED,
 * DECOMMISSIONED, RECALLED, CLONED, with the list's sequence and age) → key past validUntil (EXPIRED) →
 * SIGNATURE_VALID.
 *
 * <p><b>Revoked keys:</b> every mark under a revoked key says KEY_REVOKED, including marks signed
 * before {@code revokedAt}. A mark carries no signing time, so a thief holding the key can make
 * marks indistinguishable from the old ones; and the moment of compromise is usually known only
 * to lie somewhere before the revocation. The online verdict can still say GENUINE for a serial the
 * registry knows was issued before the compromise (the registry, not the signature, proves it).
 *
 * <pre>{@code
 * OfflineVerifier verifier = OfflineVerifier.create(trustList, OfflineVerifier.Options.defaults());
 * Verdict v = verifier.verify(scannedText);
 * System.out.println(v.code() + ": " + v.message(Locale.CHINA));
 * }</pre>
 */
public final class OfflineVerifier {

    /**
     * @param clock     time source for staleness and key expiry
     * @param catalogue product and batch names to show; {@link Catalogue#EMPTY} for none
     * @param statusList the verified status list (recalls, voided, decommissioned and blocked units), or
     *                   {@code null} for none: then a valid signature says SIGNATURE_VALID whatever the unit's state
     */
    public record Options(Clock clock, Catalogue catalogue, StatusList statusList) {
        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(catalogue, "catalogue");
        }

        public Options(Clock clock, Catalogue catalogue) {
            this(clock, catalogue, null);
        }

        public static Options defaults() {
            return new Options(Clock.systemUTC(), Catalogue.EMPTY);
        }

        public Options withClock(Clock c) {
            return new Options(c, catalogue, statusList);
        }

        public Options withCatalogue(Catalogue c) {
            return new Options(clock, c, statusList);
        }

        public Options withStatusList(StatusList s) {
            return new Options(clock, catalogue, s);
        }
    }

    private record Entry(TrustedKey key, SignatureVerifier verifier) {
    }

    private final TrustList trustList;
    private final Options options;
    private final MarkCodec codec;
    private final Map<Integer, Entry> keys;

    private OfflineVerifier(TrustList trustList, Options options) {
        this.trustList = trustList;
        this.options = options;
        this.codec = MarkCodec.create(trustList.hosts());
        Map<Integer, Entry> m = new HashMap<>();
        for (TrustedKey k : trustList.keys()) {
            m.put(k.keyId().value(), new Entry(k, SignatureVerifier.create(k.algorithm(), k.publicKey())));
        }
        this.keys = Map.copyOf(m);
    }

    public static OfflineVerifier create(TrustList trustList, Options options) {
        return new OfflineVerifier(Objects.requireNonNull(trustList, "trustList"), Objects.requireNonNull(options, "options"));
    }

    public TrustList trustList() {
        return trustList;
    }

    public MarkCodec codec() {
        return codec;
    }

    /** Verifies scanned text (a mark URL, a GS1 link or a bare code). Never throws. */
    public Verdict verify(String scanned) {
        Instant now = options.clock().instant();
        ParseResult r = codec.parse(scanned);
        Verdict v;
        if (r instanceof ParseResult.Parsed p) {
            v = verifyMark(p.mark(), now);
        } else if (r instanceof ParseResult.Malformed m) {
            v = new Verdict(VerdictCode.MALFORMED, null, m.reason(), Map.of("detail", m.detail()), null);
        } else {
            v = Verdict.of(VerdictCode.FOREIGN, null, Map.of("host", ((ParseResult.Foreign) r).host()));
        }
        return trustList.isStale(now) ? v.withStaleSince(trustList.nextUpdate()) : v;
    }

    /** Verifies an already parsed mark (the verify-api parses once and calls this). Never throws. */
    public Verdict verify(SignedMark mark) {
        Instant now = options.clock().instant();
        Verdict v = verifyMark(mark, now);
        return trustList.isStale(now) ? v.withStaleSince(trustList.nextUpdate()) : v;
    }

    private Verdict verifyMark(SignedMark mark, Instant now) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("keyId", mark.keyId().toHex());
        Entry e = keys.get(mark.keyId().value());
        if (e == null) {
            return Verdict.of(VerdictCode.UNKNOWN_KEY, mark, details);
        }
        if (e.key().algorithm() != mark.algorithm()) {
            details.put("detail", "mark says " + mark.algorithm() + " but key " + mark.keyId() + " is " + e.key().algorithm());
            return Verdict.of(VerdictCode.FORGED, mark, details);
        }
        byte[] input = mark.signatureInput();
        if (!e.verifier().verify(input, 0, input.length, mark.signature(), 0)) {
            return Verdict.of(VerdictCode.FORGED, mark, details);
        }
        if (e.key().status() == KeyStatus.REVOKED) {
            details.put("revokedAt", e.key().revokedAt().toString());
            return Verdict.of(VerdictCode.KEY_REVOKED, mark, details);
        }
        options.catalogue().productName(mark.content().productId()).ifPresent(n -> details.put("productName", n));
        options.catalogue().batchName(mark.content().batchId()).ifPresent(n -> details.put("batchName", n));
        StatusList status = options.statusList();
        if (status != null) {
            // The list's age goes with every verdict it could have changed, so "no status" is read
            // as "none as of <issuedAt>", not as "none".
            details.put("statusListSequence", Long.toString(status.sequence()));
            details.put("statusListIssuedAt", status.issuedAt().toString());
            details.put("statusListAgeSeconds", Long.toString(status.age(now).getSeconds()));
            if (status.isStale(now)) {
                details.put("statusListStaleSince", status.nextUpdate().toString());
            }
            BatchStatus.UnitState s = status.stateOf(mark).orElse(null);
            if (s != null) {
                return Verdict.of(switch (s) {
                    case BLOCKED -> VerdictCode.CLONED;
                    case VOIDED -> VerdictCode.VOIDED;
                    case DECOMMISSIONED -> VerdictCode.DECOMMISSIONED;
                    case RECALLED -> VerdictCode.RECALLED;
                }, mark, details);
            }
        }
        if (e.key().validUntil() != null && now.isAfter(e.key().validUntil())) {
            details.put("validUntil", e.key().validUntil().toString());
            return Verdict.of(VerdictCode.EXPIRED, mark, details);
        }
        return Verdict.of(VerdictCode.SIGNATURE_VALID, mark, details);
    }
}
