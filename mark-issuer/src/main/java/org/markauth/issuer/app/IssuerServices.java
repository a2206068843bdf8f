package org.markauth.issuer.app;

import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.markauth.access.ApiKeyStore;
import org.markauth.issuer.activation.Activation;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.invalidation.Invalidations;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.batch.IssuanceJobs;
import org.markauth.issuer.batch.IssuancePipeline;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.console.AlertWorkflow;
import org.markauth.issuer.console.ConsoleData;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.keys.KeySettings;
import org.markauth.issuer.keys.SecretStore;
import org.markauth.issuer.keys.SigningKeys;
import org.markauth.issuer.print.LabelTemplates;
import org.markauth.issuer.notify.Notifications;
import org.markauth.issuer.notify.Webhooks;
import org.markauth.issuer.print.PrintLog;
import org.markauth.issuer.recall.Recalls;
import org.markauth.issuer.registry.Registry;
import org.markauth.issuer.keys.SerialKeys;
import org.markauth.issuer.serial.SerialPermutation;
import org.markauth.issuer.status.BlockedUnits;
import org.markauth.issuer.status.StatusListPublisher;
import org.markauth.issuer.trace.Capture;
import org.markauth.issuer.trace.Epcs;
import org.markauth.issuer.trace.Partners;
import org.markauth.issuer.trace.TraceQuery;
import org.markauth.issuer.trace.TraceStore;
import org.markauth.sdk.mark.MarkCodec;

/**
 * The issuer's object graph, built once over one Cassandra session: every service, store and
 * workflow, each constructed with only its collaborators (one {@link Recalls}, one
 * {@link IssuanceJobs}). The top floor reads it: {@link Issuer} and {@link IssuerRouter} hand each
 * route class what it needs, the CLI's commands call the services, and the demo and tests build
 * their worlds on it. Feature code never sees it. Construction prepares statements (blocking).
 */
public final class IssuerServices {

    /** Engine settings that are not key settings. */
    public record Settings(KeySettings keys, IssuancePipeline.Settings pipeline, int maxBatchQuantity,
                           Duration unusedExpiry, int expirySweepWindowDays, int reprintsPerDay, IssuanceJobs.Settings jobs,
                           Webhooks.Settings webhooks, int maxOpenApplications, Duration figuresCache) {
        /** How long the targets page's registry figures are kept per instance unless told (issuer.targets.figures-cache). */
        public static final Duration DEFAULT_FIGURES_CACHE = Duration.ofSeconds(60);

        public Settings {
            if (reprintsPerDay < 0) {
                throw new IllegalArgumentException("reprintsPerDay must be >= 0, got " + reprintsPerDay);
            }
            java.util.Objects.requireNonNull(webhooks, "webhooks");
            if (maxOpenApplications < 1) {
                throw new IllegalArgumentException("maxOpenApplications must be >= 1, got " + maxOpenApplications);
            }
            if (figuresCache == null || figuresCache.isNegative()) {
                throw new IllegalArgumentException("figuresCache must be zero (off) or more, got " + figuresCache);
            }
        }

        /** With the default cap of open certification applications per licensee and the default targets figures cache. */
        public Settings(KeySettings keys, IssuancePipeline.Settings pipeline, int maxBatchQuantity, Duration unusedExpiry,
                        int expirySweepWindowDays, int reprintsPerDay, IssuanceJobs.Settings jobs, Webhooks.Settings webhooks) {
            this(keys, pipeline, maxBatchQuantity, unusedExpiry, expirySweepWindowDays, reprintsPerDay, jobs, webhooks,
                    org.markauth.issuer.certification.Certification.DEFAULT_MAX_OPEN_APPLICATIONS, DEFAULT_FIGURES_CACHE);
        }

        /** With the default webhook settings ({@link Webhooks.Settings#defaults}). */
        public Settings(KeySettings keys, IssuancePipeline.Settings pipeline, int maxBatchQuantity, Duration unusedExpiry,
                        int expirySweepWindowDays, int reprintsPerDay, IssuanceJobs.Settings jobs) {
            this(keys, pipeline, maxBatchQuantity, unusedExpiry, expirySweepWindowDays, reprintsPerDay, jobs, Webhooks.Settings.defaults());
        }

        /** These settings with other webhook settings (tests: a tiny backoff, private addresses allowed). */
        public Settings withWebhooks(Webhooks.Settings w) {
            return new Settings(keys, pipeline, maxBatchQuantity, unusedExpiry, expirySweepWindowDays, reprintsPerDay, jobs, w,
                    maxOpenApplications, figuresCache);
        }

        /** With the default issuance queues ({@link IssuanceJobs.Settings#defaults}). */
        public Settings(KeySettings keys, IssuancePipeline.Settings pipeline, int maxBatchQuantity, Duration unusedExpiry,
                        int expirySweepWindowDays, int reprintsPerDay) {
            this(keys, pipeline, maxBatchQuantity, unusedExpiry, expirySweepWindowDays, reprintsPerDay, IssuanceJobs.Settings.defaults());
        }

        /** With the default reprint limit ({@value PrintLog#DEFAULT_REPRINTS_PER_DAY} per batch per day). */
        public Settings(KeySettings keys, IssuancePipeline.Settings pipeline, int maxBatchQuantity, Duration unusedExpiry,
                        int expirySweepWindowDays) {
            this(keys, pipeline, maxBatchQuantity, unusedExpiry, expirySweepWindowDays, PrintLog.DEFAULT_REPRINTS_PER_DAY);
        }
    }

    public final CqlSession session;
    public final Clock clock;
    public final ChangeRecorder changes;
    public final Registry registry;
    public final SigningKeys keys;
    public final SerialPermutation serials;
    public final BatchStore batchStore;
    public final Batches batches;
    public final Activation activation;
    public final Recalls recalls;
    public final ApiKeyStore apiKeys;
    /** Sealed issuer secrets (root, serial key, status-list key). */
    public final SecretStore secrets;
    /** Every print-file download, counted and audited; reprints limited per batch per day. */
    public final PrintLog prints;
    /** Label templates per product (ZPL labels and the CIJ feed). */
    public final LabelTemplates labelTemplates;
    public final Settings settings;
    /** Orders that issue in the background (HTTP) or on the caller's thread (CLI). */
    public final IssuanceJobs jobs;
    /** Supply-chain partners of a licensee (traceability). */
    public final Partners partners;
    /** EPCIS capture of custody events. */
    public final Capture capture;
    /** Marks as GS1 names them: SGTIN and SSCC, SSCC allocation (V022). */
    public final org.markauth.issuer.trace.Gs1Marks gs1;
    /** Reads the EPCs of events and queries (markauth URNs, mark codes, GS1 keys). */
    public final Epcs epcs;
    /** Trace and EPCIS export queries. */
    public final TraceQuery query;
    /** Blocked (cloned) units. */
    public final Blocks blocks;
    /** Per-product overrides of the clone rules. */
    public final CloneRuleOverrides cloneRules;
    /** The console's counterfeit-alert workflow and read models. */
    public final AlertWorkflow alerts;
    public final org.markauth.issuer.keys.OfficerAreas officerAreas;
    public final ConsoleData consoleData;
    /** The notification event log (V019): producers publish, the console and the webhook dispatcher read. */
    public final Notifications notifications;
    /** Webhook subscriptions and their delivery log; {@code issuer serve} runs their {@code notify.Dispatcher}. */
    public final Webhooks webhooks;
    /** Recall requests: a manufacturer asks, the regulator approves (the recall runs) or rejects (V018). */
    public final org.markauth.issuer.recall.RecallRequests recallRequests;
    /** The manufacturer portal's read models (its licensee's alerts, reports, scan places). */
    public final org.markauth.issuer.portal.PortalData portalData;
    /** A licensee's packing lines and their STATION keys. */
    public final org.markauth.issuer.station.Lines lines;
    /** The line station's engine (scans and packs). */
    public final org.markauth.issuer.station.Station station;
    /** The certification lifecycle: applications, the expert library, public notices (V024, docs/certification.md). */
    public final org.markauth.issuer.certification.Certification certification;
    /** EPCIS 2.0 queries (docs/api-trace.md, "Query"): the engine, named queries and their subscriptions. */
    public final org.markauth.issuer.trace.query.QueryEngine epcisQuery;
    public final org.markauth.issuer.trace.query.NamedQueries namedQueries;
    /** Query subscriptions; {@code issuer serve} runs their {@code trace.query.SubscriptionDispatcher}. */
    public final org.markauth.issuer.trace.query.Subscriptions subscriptions;
    /** Each licensee's quality-credit file and grade (V027, docs/credit.md); told of recalls, licence and blacklist changes, confirmed alerts. */
    public final org.markauth.issuer.credit.CreditFile credit;
    /** Complaint cases, the compensation fund and the consumer outbox (V026, docs/complaints.md). */
    public final org.markauth.issuer.complaints.Complaints complaints;
    /** The programme's standards registry: standards, versions, core indicators, linked products (V023). */
    public final org.markauth.issuer.standards.Standards standards;
    /** Supervision: the inspector pool, random draws, sampling tasks, lab results, consequences (V023). */
    public final org.markauth.issuer.supervision.Supervision supervision;
    /** Where the services count what they do; {@code issuer serve} serves it at {@code GET /metrics} on the metrics port. */
    public final PrometheusMeterRegistry meters;
    /** Licence certificates: a signed mark of their own, the PDF (V025, docs/certificates.md). */
    public final org.markauth.issuer.certificate.Certificates certificates;

    /** As below with a registry of their own (tests, tools). */
    public IssuerServices(CqlSession session, Kek kek, Invalidations invalidations, Clock clock, Settings settings) {
        this(session, kek, invalidations, clock, settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public IssuerServices(CqlSession session, Kek kek, Invalidations invalidations, Clock clock, Settings settings,
                          PrometheusMeterRegistry meters) {
        this.session = session;
        this.meters = meters;
        // Cassandra stores milliseconds: tick the clock to them so what we return equals what we read back
        clock = Clock.tick(clock, Duration.ofMillis(1));
        this.clock = clock;
        this.settings = settings;
        this.changes = new ChangeRecorder(session, clock, invalidations);
        this.registry = new Registry(session, changes, clock);
        this.secrets = new SecretStore(session, kek, clock);
        this.serials = SerialKeys.load(secrets);
        this.keys = new SigningKeys(session, kek, secrets, changes, clock, settings.keys(), serials);
        this.batchStore = new BatchStore(session);
        this.batches = new Batches(batchStore, registry, changes, new IssuancePipeline(session, settings.pipeline()), keys,
                clock, settings.maxBatchQuantity(), meters);
        this.activation = new Activation(session, batches, batchStore, changes, invalidations, serials, clock,
                settings.unusedExpiry(), settings.expirySweepWindowDays());
        this.recalls = new Recalls(session, batchStore, registry, changes, clock);
        this.apiKeys = ApiKeyStore.create(session, clock);
        this.prints = new PrintLog(session, changes, clock, settings.reprintsPerDay());
        this.labelTemplates = new LabelTemplates(session, registry, batches, changes, clock, settings.keys().algorithm(),
                settings.keys().markHost());
        this.jobs = new IssuanceJobs(batches, settings.jobs());
        io.micrometer.core.instrument.Gauge.builder("issuer.issuance.jobs", jobs, IssuanceJobs::jobs)
                .description("background issuance jobs queued or running").register(meters);
        TraceStore traceStore = new TraceStore(session);
        this.gs1 = new org.markauth.issuer.trace.Gs1Marks(session, batchStore, registry, serials, traceStore, clock);
        this.epcs = new Epcs(MarkCodec.create(settings.keys().trustHosts()), gs1);
        this.partners = new Partners(traceStore, registry, changes, clock);
        this.capture = new Capture(traceStore, batchStore, partners, epcs, activation, changes, clock);
        this.query = new TraceQuery(traceStore, batchStore, registry, activation, epcs, clock);
        this.lines = new org.markauth.issuer.station.Lines(session, batchStore, apiKeys, changes, clock);
        this.station = new org.markauth.issuer.station.Station(session, lines, batchStore, registry, activation, capture, serials,
                MarkCodec.create(settings.keys().trustHosts()), clock, gs1);
        this.blocks = new Blocks(session, changes, clock);
        this.cloneRules = new CloneRuleOverrides(session, changes, clock);
        this.alerts = new AlertWorkflow(session, blocks);
        this.officerAreas = new org.markauth.issuer.keys.OfficerAreas(session, apiKeys, changes, clock);
        this.consoleData = new ConsoleData(session);
        this.notifications = new Notifications(session, clock, meters);
        this.webhooks = new Webhooks(session, kek, changes, clock, settings.webhooks());
        this.recallRequests = new org.markauth.issuer.recall.RecallRequests(session, batchStore, registry, recalls, changes, clock,
                notifications);
        this.portalData = new org.markauth.issuer.portal.PortalData(session, batchStore);
        this.epcisQuery = new org.markauth.issuer.trace.query.QueryEngine(new org.markauth.issuer.trace.query.EventIndex(session), epcs, clock);
        this.namedQueries = new org.markauth.issuer.trace.query.NamedQueries(session, changes, clock);
        this.subscriptions = new org.markauth.issuer.trace.query.Subscriptions(session, kek, namedQueries, changes, clock,
                settings.webhooks());
        // the credit file records its events where they happen: one listener per source, and the order gate
        this.credit = new org.markauth.issuer.credit.CreditFile(session, registry, changes, clock);
        registry.listen(credit);
        batches.gateOrders(credit::requireMayOrder);
        recalls.listen((actor, r) -> credit.recalled(actor, r.recallId(), r.licenseeId(), r.recalledAt(), r.productId(), r.lot(), r.reason()));
        Clock at = clock;
        alerts.onConfirmed((actor, a) -> credit.forgedMarkCase(actor, a.alertId(), a.productId(), at.instant(), a.rule() + ": " + a.summary()));
        this.complaints = new org.markauth.issuer.complaints.Complaints(session, registry, batchStore, changes, notifications, clock);
        org.markauth.issuer.credit.CreditFile file = credit;
        complaints.listen(new org.markauth.issuer.complaints.Complaints.Outcomes() {
            @Override
            public void upheld(String actor, org.markauth.issuer.complaints.ComplaintCase c, java.time.Instant at) {
                file.complaintUpheld(actor, c.caseNo(), c.licenseeId(), at, "complaint " + c.caseNo() + " upheld: " + c.outcome());
            }

            @Override
            public void paidFirst(String actor, org.markauth.issuer.complaints.ComplaintCase c, long amountFen, java.time.Instant at) {
                file.compensationPaidFirst(actor, c.caseNo(), c.licenseeId(), at, "complaint " + c.caseNo() + ": CNY "
                        + org.markauth.registry.CaseNumbers.yuan(amountFen) + " paid first from the programme's fund");
            }
        });
        this.standards = new org.markauth.issuer.standards.Standards(session, registry, changes, clock);
        this.supervision = new org.markauth.issuer.supervision.Supervision(session, registry, standards, changes, clock);
        supervision.listen(new org.markauth.issuer.supervision.Supervision.Outcomes() {
            @Override
            public void sampled(String actor, org.markauth.issuer.supervision.Task t, org.markauth.issuer.supervision.LabResult r) {
                boolean passed = t.status() == org.markauth.issuer.supervision.Task.Status.PASSED;
                file.sampled(actor, "supervision-task:" + t.taskId(), t.licenseeId(), passed, r.recordedAt(), "product " + t.productId()
                        + (passed ? ": every core indicator passed" : ": " + r.indicator() + " = " + r.value() + " failed")
                        + " (" + r.lab() + " report " + r.reportNo() + ")");
            }

            @Override
            public void warned(String actor, org.markauth.issuer.supervision.Consequence c) {
                file.warned(actor, "supervision-task:" + c.taskId() + ":" + c.kind(), c.licenseeId(), c.at(), c.kind()
                        + (c.deadline() == null ? "" : " by " + c.deadline()) + ": " + c.reason());
            }
        });
        this.certificates = new org.markauth.issuer.certificate.Certificates(session, registry, batches, keys, activation, changes,
                clock);
        this.certification = new org.markauth.issuer.certification.Certification(session, registry, changes, clock, standards,
                certificates, settings.maxOpenApplications());
    }

    /** The status-list publisher (docs/mark-format.md, "Status list"), fed by the blocked units. */
    public StatusListPublisher statusLists(Duration period) {
        return statusLists(blocks::blockedByBatch, period);
    }

    /** As above with another source of blocked units (tests). */
    public StatusListPublisher statusLists(BlockedUnits blocked, Duration period) {
        return new StatusListPublisher(session, keys, secrets, batchStore, blocked, clock, period);
    }
}
