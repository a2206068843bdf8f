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
 * The registry as the verifier reads it: four cached kinds, each keyed by what the issuer's
 * invalidation messages name ({@code mark:<batch>:<serialhex>} a {@link UnitKey}, {@code batch:<id>},
 * {@code product:<id>} and {@code licence:<id>} (one entry: product with its licence) the number,
 * {@code licensee:<id>} the id), so one message drops exactly one entry. Blocks ({@code block:<batch>:<serialhex>})
 * and per-product clone rules ({@code rules:<product>}, V009) are cached the same way: a block or an
 * unblock is seen by every instance within seconds, and a code never blocked costs no Cassandra read
 * once its absence is cached.
 */
public final class RegistryCache {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryCache.class);

    private final TieredCache<UnitKey, MarkRow> marks;
    private final TieredCache<Integer, BatchView> batches;
    private final TieredCache<Integer, ProductView> products;
    private final TieredCache<String, LicenseeView> licensees;
    private final TieredCache<UnitKey, BlockView> blocks;
    private final TieredCache<Integer, RuleOverrides> rules;
    private final RegistryReader reader;

    public RegistryCache(RegistryReader reader, RedisTier redis, CacheSettings markSettings, CacheSettings registrySettings) {
        this.reader = reader;
        this.marks = new TieredCache<>("mark", markSettings, redis, Codec.MARK, UnitKey::redisId,
                unit -> reader.mark(unit.batchId(), unit.serial()));
        this.batches = new TieredCache<>("batch", registrySettings, redis, Codec.BATCH, String::valueOf, reader::batch);
        this.products = new TieredCache<>("product", registrySettings, redis, Codec.PRODUCT, String::valueOf, reader::product);
        this.licensees = new TieredCache<>("licensee", registrySettings, redis, Codec.LICENSEE, id -> id, reader::licensee);
        // sized like marks: nearly every scanned code has a (negative) entry
        this.blocks = new TieredCache<>("block", markSettings, redis, Codec.BLOCK, UnitKey::redisId,
                unit -> reader.block(unit.batchId(), unit.serial()));
        this.rules = new TieredCache<>("rules", registrySettings, redis, Codec.RULES, String::valueOf, reader::ruleOverrides);
    }

    public void bindMetrics(MeterRegistry registry) {
        List.of(marks, batches, products, licensees, blocks, rules).forEach(c -> c.bindMetrics(registry));
    }

    public Future<Optional<MarkRow>> mark(int batchId, long serial) {
        return marks.get(new UnitKey(batchId, serial));
    }

    public Future<Optional<BatchView>> batch(int batchId) {
        return batches.get(batchId);
    }

    public Future<Optional<ProductView>> product(int productId) {
        return products.get(productId);
    }

    public Future<Optional<LicenseeView>> licensee(String licenseeId) {
        return licensees.get(licenseeId);
    }

    /** The unit's block row; empty when it was never blocked (or unblocked: see {@link BlockView#blocked}). */
    public Future<Optional<BlockView>> block(int batchId, long serial) {
        return blocks.get(new UnitKey(batchId, serial));
    }

    /** The product's clone-rule overrides; empty when the service defaults apply. */
    public Future<Optional<RuleOverrides>> ruleOverrides(int productId) {
        return rules.get(productId);
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
        return blocks.invalidate(new UnitKey(batchId, serial));
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

    /** Applies one change; false for a kind this cache does not hold or a malformed id. */
    public boolean invalidate(Invalidation change) {
        if (change.all()) {
            TieredCache<?, ?> target = switch (change.kind()) {
                case MARK -> marks;
                case BATCH -> batches;
                case PRODUCT, LICENCE -> products;
                case LICENSEE -> licensees;
                case BLOCK -> blocks;
                case RULES -> rules;
                case KEYS -> null;
            };
            if (target != null) {
                target.invalidateLocalAll();
            }
            return target != null;
        }
        // the issuer names a unit <batch>:<16 hex digits> and an entity by its id; the keys here are their values
        return switch (change.kind()) {
            case MARK -> drop(marks, change, change.unit().map(UnitKey::of));
            case BLOCK -> drop(blocks, change, change.unit().map(UnitKey::of));
            case BATCH -> drop(batches, change, intId(change));
            case PRODUCT, LICENCE -> drop(products, change, intId(change));
            case RULES -> drop(rules, change, intId(change));
            case LICENSEE -> drop(licensees, change, Optional.of(change.id()));
            case KEYS -> false;
        };
    }

    private static <K> boolean drop(TieredCache<K, ?> cache, Invalidation change, Optional<K> key) {
        if (key.isEmpty()) {
            LOG.debug("ignoring malformed invalidation {}", change);
            return false;
        }
        cache.invalidate(key.get());
        return true;
    }

    /** A registry id (a positive int, contract V002); empty for anything else. */
    private static Optional<Integer> intId(Invalidation change) {
        try {
            return Optional.of(Integer.valueOf(change.id()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
