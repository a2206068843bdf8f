package org.markauth.verify.check;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.verify.Verdict;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.block.AutoBlocks;
import org.markauth.verify.cache.RegistryCache;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.BlockView;
import org.markauth.verify.registry.MarkRow;
import org.markauth.verify.registry.ProductView;
import org.markauth.verify.registry.RegistryException;
import org.markauth.verify.registry.RuleOverrides;
import org.markauth.verify.rules.AlertWriter;
import org.markauth.verify.rules.CloneRules;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.rules.RuleSettings;
import org.markauth.verify.scan.PriorScans;
import org.markauth.verify.scan.ScanBufferFullException;
import org.markauth.verify.scan.ScanCounters;
import org.markauth.verify.scan.ScanOrigin;
import org.markauth.verify.scan.ScanRecord;
import org.markauth.verify.scan.WriteAheadJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One verification: parse and check the signature in memory (SDK, trust list) → registry state
 * through the cache tiers → verdict policy → shared scan counters and counterfeit rules → scan
 * record into the buffer. Codes that fail the signature check stop at the first step: a flood of
 * forgeries costs CPU only, never a cache or database request.
 */
public final class VerificationService {

    private static final Logger LOG = LoggerFactory.getLogger(VerificationService.class);

    private final EveryTenSeconds refusalWarning = new EveryTenSeconds();
    private final EveryTenSeconds registryWarning = new EveryTenSeconds();

    private final TrustListHolder trust;
    private final RegistryCache cache;
    private final ScanCounters counters;
    private final CloneRules rules;
    private final AlertWriter alerts;
    private final AutoBlocks blocks;
    private final WriteAheadJournal journal;
    private final Clock clock;
    private final Timer latency;
    private final Map<VerdictCode, Counter> verdicts = new EnumMap<>(VerdictCode.class);
    private final Counter refused;
    private final BiConsumer<Verification, ScanOrigin> tally;

    /** @param tally told of every answered verification (the console's pre-aggregated statistics) */
    public VerificationService(TrustListHolder trust, RegistryCache cache, ScanCounters counters, CloneRules rules,
                               AlertWriter alerts, AutoBlocks blocks, WriteAheadJournal journal, Clock clock, MeterRegistry meters,
                               BiConsumer<Verification, ScanOrigin> tally) {
        this.blocks = blocks;
        this.tally = tally;
        this.trust = trust;
        this.cache = cache;
        this.counters = counters;
        this.rules = rules;
        this.alerts = alerts;
        this.journal = journal;
        this.clock = clock;
        this.latency = Timer.builder("verify_latency").description("time to a verdict, scan recorded")
                .publishPercentileHistogram().register(meters);
        for (VerdictCode c : VerdictCode.values()) {
            verdicts.put(c, Counter.builder("verify_verdicts").tag("code", c.name()).register(meters));
        }
        this.refused = Counter.builder("verify_scan_records_refused").description("scan buffer full").register(meters);
    }

    /** The programme hosts (from the trust list), for rebuilding a page URL into a scannable text. */
    public List<String> hosts() {
        return trust.current().list().hosts();
    }

    public Future<Verification> verify(String scanned, ScanOrigin origin) {
        long start = System.nanoTime();
        Instant now = clock.instant();
        Verdict offline = trust.current().verify(scanned);
        Future<Verification> answer;
        if (!signatureVerified(offline)) {
            answer = Future.succeededFuture(new Verification.Rejected(offline, now));
        } else {
            answer = online(offline, now, origin);
        }
        // answered only once the scan is in the journal (written with the rest of this event-loop turn)
        return answer.compose(v -> record(v, origin).compose(kept -> {
            if (!kept) {
                return Future.failedFuture(new ScanBufferFullException(journal.bufferDepth()));
            }
            tally.accept(v, origin);
            verdicts.get(v.code()).increment();
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return Future.succeededFuture(v);
        }));
    }

    /**
     * True when the offline verdict carries a mark whose signature verified: SIGNATURE_VALID, EXPIRED
     * (key past its validity, the unit may still be fine) and KEY_REVOKED. Only then are the ids
     * inside the code the programme's and not a forger's claim.
     */
    public static boolean signatureVerified(Verdict offline) {
        VerdictCode c = offline.code();
        return offline.mark() != null
                && (c == VerdictCode.SIGNATURE_VALID || c == VerdictCode.EXPIRED || c == VerdictCode.KEY_REVOKED);
    }

    private Future<Verification> online(Verdict offline, Instant now, ScanOrigin origin) {
        SignedMark mark = offline.mark();
        MarkContent c = mark.content();
        int batchId = (int) c.batchId();
        long serial = c.serial().value();
        if (c.batchId() > Integer.MAX_VALUE || c.productId() > Integer.MAX_VALUE) {
            // Registry ids are positive int31 (contract V002): a larger id cannot have been issued, so the
            // registry's answer is known without asking it
            return Future.succeededFuture(new Verification.Checked(VerdictCode.UNKNOWN_SERIAL, now, mark, null, null, null,
                    null, PriorScans.UNKNOWN, List.of()));
        }
        Future<Optional<MarkRow>> unitF = cache.mark(batchId, serial);
        Future<Optional<BatchView>> batchF = cache.batch(batchId);
        Future<Optional<ProductView>> productF = cache.product((int) c.productId());
        Future<Optional<BlockView>> blockF = cache.block(batchId, serial);
        Future<Optional<RuleOverrides>> rulesF = cache.ruleOverrides((int) c.productId());
        return Future.all(List.of(unitF, batchF, productF, blockF, rulesF))
                .compose(x -> productF.result().map(p -> cache.licensee(p.licenseeId()))
                        .orElse(Future.succeededFuture(Optional.empty())))
                .compose(lic -> {
                    MarkRow unit = unitF.result().orElse(null);
                    BatchView batch = batchF.result().orElse(null);
                    ProductView product = productF.result().orElse(null);
                    BlockView block = blockF.result().orElse(null);
                    VerdictPolicy.Decision d = VerdictPolicy.blocked(VerdictPolicy.decide(offline.code(), c, unit, batch,
                            product, lic.orElse(null), now), block);
                    Verification.Checked base = new Verification.Checked(d.code(), now, mark, unit, batch, product,
                            lic.orElse(null), PriorScans.UNKNOWN, List.of());
                    if (unit != null && batch != null && batch.certificate()) {
                        return certificate(base, batch.certificateNo());   // never counted, never ruled
                    }
                    if (unit == null) {
                        return Future.succeededFuture(base);
                    }
                    return applyRules(base, batchId, serial, origin, rules.defaults().with(rulesF.result().orElse(null)),
                            block);
                })
                .recover(e -> e instanceof RegistryException ? Future.succeededFuture(registryUnavailable(offline, now, e))
                        : Future.failedFuture(e));
    }

    /**
     * A licence certificate's answer (docs/certificates.md): its row joined to the verdict. The code
     * never says more than the certificate: a superseded certificate answers VOIDED (its unit is voided
     * at reissue; this covers the moment between the two writes), one past its own validity
     * LICENCE_EXPIRED; a batch that names a certificate without its row (an issue cut short) NOT_ACTIVATED.
     */
    private Future<Verification> certificate(Verification.Checked base, String no) {
        return cache.certificate(no).map(row -> {
            if (row.isEmpty()) {
                return new Verification.Checked(VerdictCode.NOT_ACTIVATED, base.at(), base.mark(), base.unit(), base.batch(),
                        base.product(), base.licensee(), PriorScans.UNKNOWN, List.of(), null);
            }
            Verification.Checked c = new Verification.Checked(base.code(), base.at(), base.mark(), base.unit(), base.batch(),
                    base.product(), base.licensee(), PriorScans.UNKNOWN, List.of(), row.get());
            VerdictCode code = switch (c.certificateStatus()) {
                case SUPERSEDED -> base.code() == VerdictCode.GENUINE ? VerdictCode.VOIDED : base.code();
                case EXPIRED -> base.code() == VerdictCode.GENUINE ? VerdictCode.LICENCE_EXPIRED : base.code();
                default -> base.code();
            };
            return c.withRules(code, PriorScans.UNKNOWN, List.of());
        });
    }

    /**
     * The registry could not be read (no cache tier held the rows and Cassandra did not answer, or
     * answered rows that contradict each other, see {@link RegistryException#incomplete}):
     * the signature verdict is all that can be said, and it is said rather than an error — the
     * consumer learns the mark was issued by the programme and that its state could not be checked.
     */
    private Verification registryUnavailable(Verdict offline, Instant now, Throwable e) {
        if (registryWarning.due()) {
            LOG.warn("registry unavailable, answering signature verdicts only: {}", e.toString());
        }
        return new Verification.SignatureOnly(offline.code(), now, offline.mark(), e.getMessage());
    }

    /**
     * The rules with the product's settings; a code that passes its block threshold (and has no
     * block row: never blocked, or unblocked by the regulator) is blocked now and answers CLONED.
     */
    private Future<Verification> applyRules(Verification.Checked base, int batchId, long serial, ScanOrigin origin,
                                            RuleSettings settings, BlockView block) {
        String client = origin.ipHash() == null ? null : HexFormat.of().formatHex(origin.ipHash());
        // the position is the shared geocell, else the client's IP city (coarser: CloneRules reads the length)
        // the batch's creation lets a unit Redis has no counters for skip the history read (ScanCounters)
        Instant issuedAt = base.batch() == null ? null : base.batch().createdAt();
        return counters.record(batchId, serial, base.at(), origin.position(), origin.region(), client, issuedAt).compose(prior -> {
            List<RuleHit> hits = rules.evaluate(base.code().name(), prior, base.at(), origin.position(), origin.region(),
                    base.product() == null ? Set.of() : base.product().marketRegions(), settings);
            if (!hits.isEmpty()) {
                alerts.raise(base.batch().productId(), base.batch().licenseeId(), batchId, serial, origin.region(), hits);
            }
            boolean clone = base.code() == VerdictCode.GENUINE && hits.stream().anyMatch(RuleHit::suspectsClone);
            VerdictCode code = clone ? VerdictCode.CLONE_SUSPECTED : base.code();
            if (block == null && VerdictPolicy.blockable(base.code()) && CloneRules.overBlockThreshold(prior, settings)) {
                return blocks.block(base.batch().productId(), batchId, serial, prior.clientsWithThis(), settings.blockThreshold())
                        .map(now -> base.withRules(now ? VerdictCode.CLONED : code, prior, hits));
            }
            return Future.succeededFuture(base.withRules(code, prior, hits));
        });
    }

    /**
     * Journals the scan record and hands it to the writer; false when the buffer refused it (the scan
     * must then not be answered).
     */
    private Future<Boolean> record(Verification v, ScanOrigin o) {
        // a unit's scans are kept by the unit when it is known, or when only the registry was unreachable;
        // counted exactly when the clone counters counted it (applyRules ran: a known unit)
        SignedMark mark = null;
        boolean counted = false;
        if (v instanceof Verification.SignatureOnly s) {
            mark = s.mark();
        } else if (v instanceof Verification.Checked c && c.unit() != null) {
            mark = c.mark();
            counted = c.batch() == null || !c.batch().certificate();   // a certificate's scans are kept, never counted
        }
        UUID at = Uuids.timeBased();
        // the shared counts with this scan added, for the code's summary row (written by exception)
        PriorScans p = v.prior();
        boolean known = counted && p.known();
        boolean firstHere = known && (p.count() == 0 || p.firstAt() == null);
        ScanRecord r = new ScanRecord(at, mark == null ? null : (int) mark.content().batchId(),
                mark == null ? null : mark.content().serial().value(), v.code().name(), o.cell(), o.region(), o.ipHash(),
                o.device(), o.lang(), o.channel(), counted, known && !p.repeatClient(),
                known ? p.count() + 1 : 0, known ? p.clientsWithThis() : 0,
                !known ? null : firstHere ? v.at() : p.firstAt(),
                !known ? null : firstHere ? ScanCounters.place(o.position(), o.region()) : p.firstPlace());
        return journal.append(r).map(kept -> {
            if (!kept) {
                refused.increment();
                if (refusalWarning.due()) {
                    LOG.warn("scan buffer full ({} records): scans answered 503 until Cassandra or the spill disk catch up "
                            + "({} refused so far)", journal.bufferDepth(), (long) refused.count());
                }
            }
            return kept;
        });
    }
}
