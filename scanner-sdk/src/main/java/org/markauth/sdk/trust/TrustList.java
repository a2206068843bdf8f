package org.markauth.sdk.trust;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.markauth.sdk.crypto.KeyId;
import org.markauth.sdk.mark.MarkCodec;
import org.markauth.sdk.mark.ScanText;

/**
 * The programme's list of issuer keys and URL hosts, as signed by the programme root key
 * (docs/mark-format.md, "Trust list"). Instants are truncated to whole seconds and keys sorted by
 * id (unsigned), so that the canonical JSON is a function of the values alone.
 *
 * @param sequence   strictly increasing with every published list; verifiers refuse a lower one
 * @param nextUpdate when the publisher promises the next list; past it the cache is "stale"
 * @param hosts      the programme's URL hosts, upper case; any other host is FOREIGN
 */
public record TrustList(long sequence, Instant issuedAt, Instant nextUpdate, List<String> hosts, List<TrustedKey> keys) {

    public TrustList {
        if (sequence < 1) {
            throw new IllegalArgumentException("trust list sequence must be >= 1, got " + sequence);
        }
        issuedAt = Objects.requireNonNull(issuedAt, "issuedAt").truncatedTo(ChronoUnit.SECONDS);
        nextUpdate = Objects.requireNonNull(nextUpdate, "nextUpdate").truncatedTo(ChronoUnit.SECONDS);
        if (!nextUpdate.isAfter(issuedAt)) {
            throw new IllegalArgumentException("trust list nextUpdate " + nextUpdate + " must be after issuedAt " + issuedAt);
        }
        hosts = hosts.stream().map(ScanText::upper).sorted().distinct().toList();
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("trust list must name at least one programme host");
        }
        for (String h : hosts) {
            if (!MarkCodec.isValidHost(h)) {
                throw new IllegalArgumentException("trust list host is not a valid host name: " + h);
            }
        }
        keys = keys.stream().map(k -> new TrustedKey(k.keyId(), k.algorithm(), k.publicKey(),
                        k.validFrom().truncatedTo(ChronoUnit.SECONDS),
                        k.validUntil() == null ? null : k.validUntil().truncatedTo(ChronoUnit.SECONDS), k.status(),
                        k.revokedAt() == null ? null : k.revokedAt().truncatedTo(ChronoUnit.SECONDS)))
                .sorted(Comparator.comparingLong(k -> k.keyId().value() & 0xFFFF_FFFFL)).toList();
        Set<KeyId> seen = new HashSet<>();
        for (TrustedKey k : keys) {
            if (!seen.add(k.keyId())) {
                throw new IllegalArgumentException("trust list holds two keys with id " + k.keyId()
                        + "; generate a new key (4-byte ids must be unique)");
            }
        }
    }

    public Optional<TrustedKey> key(KeyId id) {
        return keys.stream().filter(k -> k.keyId().equals(id)).findFirst();
    }

    /** {@code true} when {@code now} is past {@link #nextUpdate()}. */
    public boolean isStale(Instant now) {
        return now.isAfter(nextUpdate);
    }
}
