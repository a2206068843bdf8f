package org.markauth.verify.cache;

import org.markauth.registry.Invalidation;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.BlockView;
import org.markauth.verify.registry.Codec;
import org.markauth.verify.registry.LicenseeView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.registry.RegistryReader;
import org.markauth.verify.registry.RuleOverrides;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as the verifier reads it: four cached kinds, each keyed exactly as the issuer's
 * invalidation messages name them ({@code mark:<batch>:<serialhex>}, {@code batch:<id>},
 * {@code product:<id>} and {@code licence:<id>} (one entry: product with its licence),
 * {@code licensee:<id>}), so one message drops exactly one entry. Blocks ({@code block:<batch>:<serialhex>})
 * and per-product clone rules ({@code rules:<product>}, V009) are cached the same way: a block or an
 * unblock is seen by every instance within seconds, and a code never blocked costs no Cassandra read
 * once its absence is cached.
 */
public final class RegistryCache {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryCache.class);

    private final TieredCache<MarkRow> marks;
    private final TieredCache<BatchView> batches;
    private final TieredCache<ProductView> products;
    private final TieredCache<LicenseeView> licensees;
    private final TieredCache<BlockView> blocks;
    private final TieredCache<RuleOverrides> rules;
    private final RegistryReader reader;

    public RegistryCache(RegistryReader reader, RedisTier redis, CacheSettings markSettings, CacheSettings registrySettings) {
        this.reader = reader;
        this.marks = new TieredCache<>("mark", markSettings, redis, Codec.MARK, key -> {
            int colon = key.indexOf(':');
            return reader.mark(Integer.parseInt(key.substring(0, colon)), Long.parseUnsignedLong(key.substring(colon + 1), 16));
        });
        this.batches = new TieredCache<>("batch", registrySettings, redis, Codec.BATCH,
                key -> reader.batch(Integer.parseInt(key)));
        this.products = new TieredCache<>("product", registrySettings, redis, Codec.PRODUCT,
                key -> reader.product(Integer.parseInt(key)));
        this.licensees = new TieredCache<>("licensee", registrySettings, redis, Codec.LICENSEE, reader::licensee);
        // sized like marks: nearly every scanned code has a (negative) entry
        this.blocks = new TieredCache<>("block", markSettings, redis, Codec.BLOCK, key -> {
            int colon = key.indexOf(':');
            return reader.block(Integer.parseInt(key.substring(0, colon)), Long.parseUnsignedLong(key.substring(colon + 1), 16));
        });
        this.rules = new TieredCache<>("rules", registrySettings, redis, Codec.RULES,
                key -> reader.ruleOverrides(Integer.parseInt(key)));
    }

    public void bindMetrics(MeterRegistry registry) {
        List.of(marks, batches, products, licensees, blocks, rules).forEach(c -> c.bindMetrics(registry));
    }

    public static String markKey(int batchId, long serial) {
        return batchId + ":" + Long.toHexString(serial);
    }

    public Future<Optional<MarkRow>> mark(int batchId, long serial) {
        return marks.get(markKey(batchId, serial));
    }

    public Future<Optional<BatchView>> batch(int batchId) {
        return batches.get(Integer.toString(batchId));
    }

    public Future<Optional<ProductView>> product(int productId) {
        return products.get(Integer.toString(productId));
    }

    public Future<Optional<LicenseeView>> licensee(String licenseeId) {
        return licensees.get(licenseeId);
    }

    /** The unit's block row; empty when it was never blocked (or unblocked: see {@link BlockView#blocked}). */
    public Future<Optional<BlockView>> block(int batchId, long serial) {
        return blocks.get(markKey(batchId, serial));
    }

    /** The product's clone-rule overrides; empty when the service defaults apply. */
    public Future<Optional<RuleOverrides>> ruleOverrides(int productId) {
        return rules.get(Integer.toString(productId));
    }

    /**
     * A licence certificate, read from Cassandra every time: only a certificate's scan asks (the batch,
     * cached, says whether it is one), certificates are scanned rarely, and "superseded" must be live.
     */
    public Future<Optional<org.markauth.verify.registry.CertificateView>> certificate(String certificateNo) {
        return reader.certificate(certificateNo);
    }

    /** Drops a unit's block entry here and in Redis (this instance just wrote the row). */
    public Future<Void> invalidateBlock(int batchId, long serial) {
        return blocks.invalidate(markKey(batchId, serial));
    }

    /**
     * Applies one invalidation message {@code <kind>:<id>}. Unknown kinds are ignored (a newer
     * issuer may send more); {@code <kind>:*} drops every local entry of that kind.
     *
     * @return true when the message named a kind this cache holds
     */
    public boolean invalidate(String message) {
        return Invalidation.parse(message).map(this::invalidate).orElse(false);
    }

    /** Applies one change; false for a kind this cache does not hold or a malformed id (a unit's, or an entity's number). */
    public boolean invalidate(Invalidation change) {
        TieredCache<?> target = switch (change.kind()) {
            case MARK -> marks;
            case BATCH -> batches;
            case PRODUCT, LICENCE -> products;
            case LICENSEE -> licensees;
            case BLOCK -> blocks;
            case RULES -> rules;
            case KEYS -> null;
        };
        if (target == null) {
            return false;
        }
        if (change.all()) {
            target.invalidateLocalAll();
            return true;
        }
        String id = change.id();
        if (change.kind().perUnit()) {
            // the issuer names a unit <batch>:<16 hex digits>; our key drops leading zeros
            Optional<Invalidation.Unit> unit = change.unit();
            if (unit.isEmpty()) {
                LOG.debug("ignoring malformed invalidation {}", change);
                return false;
            }
            id = markKey(unit.get().batchId(), unit.get().serial());
        } else if (change.kind() != Invalidation.Kind.LICENSEE) {
            // batches, products and rules are keyed by their number as Integer.toString writes it
            try {
                id = Integer.toString(Integer.parseInt(id));
            } catch (NumberFormatException e) {
                LOG.debug("ignoring malformed invalidation {}", change);
                return false;
            }
        }
        target.invalidate(id);
        return true;
    }
}
