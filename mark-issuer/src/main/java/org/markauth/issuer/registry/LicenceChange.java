package org.markauth.issuer.registry;

import org.markauth.registry.LicenceStatus;
import java.time.Instant;

/** One row of a licence's history: who moved it from which status to which, when and why. */
public record LicenceChange(int productId, Instant at, String actor, LicenceStatus from, LicenceStatus to, String reason) {
}
