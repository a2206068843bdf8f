package org.markauth.sdk.client;

import java.util.Objects;
import org.markauth.sdk.verify.Verdict;

/**
 * What {@link VerifyClient#verify} found: the verdict, where it came from, and — when the network
 * failed — why the offline verdict is shown instead.
 *
 * @param failure null when {@code source} is ONLINE or LOCAL; otherwise what went wrong online
 */
public record OnlineResult(Verdict verdict, Source source, String failure) {

    public enum Source {
        /** The verify-api answered. */
        ONLINE,
        /** Decided locally without asking: the input is malformed or foreign, so the server cannot know more. */
        LOCAL,
        /** The verify-api could not be reached or answered badly; this is the offline verdict. */
        OFFLINE_FALLBACK
    }

    public OnlineResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(source, "source");
    }

    public boolean isFallback() {
        return source == Source.OFFLINE_FALLBACK;
    }
}
