package org.markauth.verify.check;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.Verdict;
import org.markauth.verify.registry.RegistryReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current trust list, verified against the pinned programme root key, and the offline
 * verifier built from it. Every scan's signature is checked here in memory, before any cache or
 * database is asked, so forged and malformed codes never reach Redis or Cassandra. Reloaded on a
 * {@code keys:*} invalidation and periodically; a list that fails verification, or is older than
 * the one in use, is refused and the previous one kept.
 */
public final class TrustListHolder {

    private static final Logger LOG = LoggerFactory.getLogger(TrustListHolder.class);

    /** What is served and used: the verified list, its verifier and the document as published. */
    public record Current(TrustList list, OfflineVerifier verifier, byte[] document, VerifiedCodes codes) {

        /** The offline verdict of scanned text; a code verified before under this list is not checked again. */
        public Verdict verify(String scanned) {
            return codes.verify(scanned);
        }
    }

    private final RegistryReader registry;
    private final List<TrustRoot> roots;
    private final Clock clock;
    private final int verifiedCodesMax;
    private final LongAdder verifiedCodeHits = new LongAdder();
    private volatile Current current;

    /** @param verifiedCodesMax how many verified codes to remember per trust list (see {@link VerifiedCodes}) */
    public TrustListHolder(RegistryReader registry, List<TrustRoot> roots, Clock clock, int verifiedCodesMax) {
        this.registry = registry;
        this.roots = List.copyOf(roots);
        this.clock = clock;
        this.verifiedCodesMax = verifiedCodesMax;
    }

    /** Scans whose signature check was skipped (the same text verified before under the list in use), beside the cache tiers' lookups. */
    public void bindMetrics(MeterRegistry registry) {
        FunctionCounter.builder("verify_cache_lookups", verifiedCodeHits, LongAdder::doubleValue)
                .tags("cache", "verified-code", "tier", "local").register(registry);
    }

    /** Loads the latest list; fails when none is published or it does not verify (start-up must stop). */
    public Future<Current> reload() {
        return registry.latestTrustList().compose(doc -> {
            if (doc.isEmpty()) {
                return Future.failedFuture(new IllegalStateException(
                        "no trust list is published (table trust_lists, list 'current'); publish one with the issuer first"));
            }
            Current prev = current;
            // a /2 list is accepted iff its delegation verifies under a pinned root, the list is signed by the
            // delegated key, issued inside the delegation's window and within its scope (docs/mark-format.md 10b)
            TrustListCodec.Verified verified = TrustListCodec.verify(doc.get().document(), roots);
            TrustList list = verified.list();
            if (prev != null && list.sequence() < prev.list().sequence()) {
                LOG.warn("refusing trust list {}: older than the one in use ({})", list.sequence(), prev.list().sequence());
                return Future.succeededFuture(prev);
            }
            if (prev != null && list.sequence() == prev.list().sequence()) {
                return Future.succeededFuture(prev);   // unchanged: keep its verified codes
            }
            OfflineVerifier verifier = OfflineVerifier.create(list, OfflineVerifier.Options.defaults().withClock(clock));
            Current next = new Current(list, verifier, doc.get().document(),
                    new VerifiedCodes(verifier, list, clock, verifiedCodesMax, verifiedCodeHits));
            current = next;
            if (verified.delegation() == null) {
                LOG.info("trust list {} in use: {} keys, hosts {}, signed by the root itself (/1)", list.sequence(), list.keys().size(),
                        list.hosts());
            } else {
                var d = verified.delegation().delegation();
                LOG.info("trust list {} in use: {} keys, hosts {}, signed by key {} delegated by root {} until {}", list.sequence(),
                        list.keys().size(), list.hosts(), d.keyId(), verified.delegation().rootKeyId(), d.notAfter());
                if (d.notAfter().isBefore(clock.instant().plus(java.time.Duration.ofDays(30)))) {
                    LOG.warn("the trust list's delegation (key {}) ends at {}: the issuer can publish no list after that without a "
                            + "new delegation from the root ceremony", d.keyId(), d.notAfter());
                }
            }
            return Future.succeededFuture(next);
        });
    }

    public Current current() {
        return Objects.requireNonNull(current, "trust list not loaded yet");
    }
}
