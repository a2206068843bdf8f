package org.markauth.sdk.trust;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.markauth.sdk.http.RetryPolicy;
import org.markauth.sdk.http.Transport;

/**
 * Fetches the published trust list ({@code GET <base>/api/v1/trust-list}, docs/api.md) and hands it
 * to the {@link TrustListStore}, which verifies it and refuses rollbacks. The GET is idempotent, so
 * it is retried per the {@link RetryPolicy}.
 */
public final class TrustListUpdater {
    public static final String PATH = "/api/v1/trust-list";

    private final Transport transport;
    private final URI uri;
    private final TrustListStore store;
    private final Duration timeout;
    private final RetryPolicy retry;

    public TrustListUpdater(Transport transport, URI baseUri, TrustListStore store, Duration timeout, RetryPolicy retry) {
        this.transport = transport;
        this.uri = baseUri.resolve(PATH);
        this.store = store;
        this.timeout = timeout;
        this.retry = retry;
    }

    /**
     * @throws TrustListException when the list cannot be fetched, does not verify, or is a rollback;
     *                            the cached list stays in force in every case
     */
    public TrustListStore.UpdateResult update() {
        Transport.Response r;
        try {
            r = retry.send(transport, Transport.Request.get(uri, Map.of("Accept", "application/json"), timeout));
        } catch (IOException e) {
            throw new TrustListException(TrustListRefusal.FETCH_FAILED, "cannot fetch the trust list from " + uri + ": " + e.getMessage()
                    + "; working from the cached list", e);
        }
        if (r.status() != 200) {
            throw new TrustListException(TrustListRefusal.FETCH_FAILED, "fetching the trust list from " + uri + " returned HTTP " + r.status()
                    + "; working from the cached list");
        }
        return store.update(r.body());
    }

    public URI uri() {
        return uri;
    }
}
