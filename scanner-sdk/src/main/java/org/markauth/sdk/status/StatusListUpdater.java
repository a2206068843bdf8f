package org.markauth.sdk.status;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.markauth.sdk.http.RetryPolicy;
import org.markauth.sdk.http.Transport;

/**
 * Fetches the status list ({@code GET <base>/api/v1/status-list?since=<held sequence>}, docs/api-verify.md)
 * and hands it to the {@link StatusListStore}: a client holding sequence n gets the deltas since n
 * (or the full list when the server no longer keeps them). Idempotent GET, retried per the policy.
 */
public final class StatusListUpdater {
    public static final String PATH = "/api/v1/status-list";

    private final Transport transport;
    private final URI base;
    private final StatusListStore store;
    private final Duration timeout;
    private final RetryPolicy retry;

    public StatusListUpdater(Transport transport, URI baseUri, StatusListStore store, Duration timeout, RetryPolicy retry) {
        this.transport = transport;
        this.base = baseUri.resolve(PATH);
        this.store = store;
        this.timeout = timeout;
        this.retry = retry;
    }

    /**
     * @throws StatusListException when the list cannot be fetched, does not verify or does not
     *                             apply; the cached list stays in force in every case
     */
    public StatusListStore.UpdateResult update() {
        long since = store.sequence();
        URI uri = since == 0 ? base : URI.create(base + "?since=" + since);
        Transport.Response r;
        try {
            r = retry.send(transport, Transport.Request.get(uri, Map.of("Accept", StatusListCodec.MEDIA_TYPE), timeout));
        } catch (IOException e) {
            throw new StatusListException("cannot fetch the status list from " + uri + ": " + e.getMessage()
                    + "; working from the cached list", e);
        }
        if (r.status() == 204 && since > 0) {   // the list held is the newest
            return new StatusListStore.UpdateResult(store.current().orElseThrow(), false);
        }
        if (r.status() != 200) {
            throw new StatusListException("fetching the status list from " + uri + " returned HTTP " + r.status()
                    + "; working from the cached list");
        }
        return store.update(r.body());
    }
}
