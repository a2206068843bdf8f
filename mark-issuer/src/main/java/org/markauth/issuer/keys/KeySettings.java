package org.markauth.issuer.keys;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.markauth.sdk.trust.TrustRoot;
import java.util.stream.Stream;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkCodec;

/**
 * Key-management settings.
 *
 * @param algorithm       algorithm of newly generated signing keys (Ed25519 default, SM2/SM3 optional)
 * @param keyValidity     how long a new key's marks stay valid (its validUntil)
 * @param markHost        the host printed in every code, e.g. {@code M.EXAMPLE.CN}
 * @param trustHosts      the programme hosts listed in the trust list (the mark host is always one)
 * @param trustListPeriod promised time to the next trust list (its nextUpdate)
 */
public record KeySettings(SignatureAlgorithm algorithm, Duration keyValidity, String markHost, List<String> trustHosts,
                          Duration trustListPeriod, List<TrustRoot> trustRoots, String programme) {

    /** Without a pinned root: the legacy online root (section 10, {@code /1}); see {@link #rootOffline()}. */
    public KeySettings(SignatureAlgorithm algorithm, Duration keyValidity, String markHost, List<String> trustHosts,
                       Duration trustListPeriod) {
        this(algorithm, keyValidity, markHost, trustHosts, trustListPeriod, List.of(), null);
    }

    public KeySettings {
        Objects.requireNonNull(algorithm, "algorithm");
        if (keyValidity.isNegative() || keyValidity.isZero()) {
            throw new IllegalArgumentException("key validity must be positive");
        }
        if (!MarkCodec.isValidHost(markHost)) {
            throw new IllegalArgumentException("mark host '" + markHost + "' is not a DNS host name (letters, digits, '-', '.')");
        }
        trustRoots = List.copyOf(trustRoots);
        if (!trustRoots.isEmpty() && (programme == null || programme.isBlank())) {
            throw new IllegalArgumentException("a programme id is required with a pinned root (delegations name it)");
        }
        trustHosts = List.copyOf(trustHosts);
        if (!trustHosts.contains(markHost)) {
            trustHosts = Stream.concat(trustHosts.stream(), Stream.of(markHost)).toList();
        }
    }

    /**
     * {@code true} when the programme root is pinned here ({@code issuer.trust.roots}): the root is
     * offline, and trust lists are signed only with a key it delegated (docs/mark-format.md 10b).
     */
    public boolean rootOffline() {
        return !trustRoots.isEmpty();
    }
}
