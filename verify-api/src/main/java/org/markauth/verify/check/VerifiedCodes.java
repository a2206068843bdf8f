package org.markauth.verify.check;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustedKey;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.Verdict;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.cache.LocalCaches;

/**
 * Offline verdicts of codes whose signature checked out, by the exact scanned text, for one trust
 * list. A signature check costs ~80 µs of CPU, several times the rest of a warm verification, and
 * popular codes are scanned again and again: the same text under the same trust list always gives
 * the same verdict, so it is checked once. Only verdicts that carry a verified signature are kept
 * (forgeries and malformed texts are cheap to refuse again, and caching them would let a flood of
 * random codes evict the genuine ones). A verdict can change with time alone in two ways — the key's
 * validity ends, or the trust list goes stale — so each entry is re-checked from that moment on. A
 * new trust list (a key revoked or added) gets a new, empty instance.
 */
final class VerifiedCodes {

    private record Entry(Verdict verdict, Instant recheckAt) {
    }

    private final OfflineVerifier verifier;
    private final TrustList list;
    private final Clock clock;
    private final Cache<String, Entry> cache;
    private final LongAdder hits;

    VerifiedCodes(OfflineVerifier verifier, TrustList list, Clock clock, int maxEntries, LongAdder hits) {
        this.verifier = verifier;
        this.list = list;
        this.clock = clock;
        this.hits = hits;
        this.cache = LocalCaches.builder().maximumSize(maxEntries).build();
    }

    Verdict verify(String scanned) {
        Entry e = cache.getIfPresent(scanned);
        if (e != null && clock.instant().isBefore(e.recheckAt())) {
            hits.increment();
            return e.verdict();
        }
        Verdict v = verifier.verify(scanned);
        if (v.mark() != null && (v.code() == VerdictCode.SIGNATURE_VALID || v.code() == VerdictCode.KEY_REVOKED)) {
            cache.put(scanned, new Entry(v, recheckAt(v)));
        }
        return v;
    }

    /** The first moment the verdict could differ: the key's end of validity or the list's staleness. */
    private Instant recheckAt(Verdict v) {
        Instant at = list.isStale(clock.instant()) ? Instant.MAX : list.nextUpdate();
        Instant until = list.key(v.mark().keyId()).map(TrustedKey::validUntil).orElse(null);
        return until != null && until.isBefore(at) ? until : at;
    }
}
