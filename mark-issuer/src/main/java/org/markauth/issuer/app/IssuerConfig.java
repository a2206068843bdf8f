package org.markauth.issuer.app;

import java.time.Duration;
import java.util.List;
import org.markauth.config.CassandraSettings;
import org.markauth.config.ConfigException;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConnectionSettings;
import org.markauth.config.HttpSettings;
import org.markauth.config.RedisSettings;
import org.markauth.config.Secret;
import org.markauth.issuer.batch.IssuanceJobs;
import org.markauth.issuer.certification.RenewalReminders;
import org.markauth.issuer.batch.IssuancePipeline;
import org.markauth.issuer.console.Console;
import org.markauth.issuer.keys.KeySettings;
import org.markauth.issuer.notify.Webhooks;
import org.markauth.issuer.print.PrintLog;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.ScanText;

/**
 * The issuer's one typed configuration, read through the lead's {@link ConfigReader} (file <
 * environment < flags) and validated here at start-up. Every {@code issuer.*} key is documented
 * once, with its default, in docs/issuer.md.
 */
public record IssuerConfig(CassandraSettings cassandra, RedisSettings redis, HttpSettings http, Secret kek,
                           IssuerServices.Settings engine, Duration expirySweepInterval,
                           Duration licenceExpiryInterval, Duration statusListPeriod, Edge edge,
                           Console.SessionSettings consoleSessions, RenewalReminders.Settings renewals) {

    public static final int DEFAULT_PORT = 8081;
    /** The Prometheus endpoint's own port (API port + 1000), loopback unless {@code issuer.metrics.host} says otherwise. */
    public static final int DEFAULT_METRICS_PORT = 9081;

    /**
     * The server's edge: connection timeouts ({@code http.idle-timeout}, {@code http.read-timeout}), the
     * per-key rate limit ({@code issuer.rate-limit-per-minute}, 0 = off) and where {@code GET /metrics}
     * listens ({@code issuer.metrics.host}, {@code issuer.metrics.port}), never on the API port; and how it
     * stops on SIGTERM ({@code issuer.shutdown.unready-delay}: {@code /health} answers 503 DRAINING while
     * requests are still served this long; {@code issuer.shutdown.drain}: in-flight requests finish within it).
     */
    public record Edge(ConnectionSettings connections, int rateLimitPerMinute, String metricsHost, int metricsPort,
                       Duration unreadyDelay, Duration drain) {
        static Edge read(ConfigReader r) {
            return new Edge(ConnectionSettings.read(r, "http"),
                    r.integer("issuer.rate-limit-per-minute", 1200, 0, 1_000_000),
                    r.string("issuer.metrics.host", "127.0.0.1"),
                    r.port("issuer.metrics.port", DEFAULT_METRICS_PORT),
                    r.duration("issuer.shutdown.unready-delay", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)),
                    r.duration("issuer.shutdown.drain", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(5)));
        }
    }

    public static IssuerConfig read(ConfigReader r) {
        CassandraSettings cassandra = CassandraSettings.read(r);
        RedisSettings redis = RedisSettings.read(r);
        // loopback unless told: the issuer holds the KEK; a container sets http.host=0.0.0.0 (ops/deploy)
        HttpSettings http = HttpSettings.read(r, "http", DEFAULT_PORT, 1024 * 1024, "127.0.0.1");
        Secret kek = r.secret("issuer.kek").orElseThrow(() -> new ConfigException("issuer.kek",
                "is required: the key-encryption key by reference, file:/path or env:NAME (make one with `issuer admin new-kek`)"));
        String host = ScanText.upper(r.string("issuer.mark-host", "M.MARKAUTH.CN"));
        SignatureAlgorithm alg = r.enumValue("issuer.key-algorithm", SignatureAlgorithm.class, SignatureAlgorithm.ED25519);
        Duration keyValidity = r.duration("issuer.key-validity", Duration.ofDays(3650), Duration.ofDays(1), Duration.ofDays(36500));
        List<String> trustHosts = r.list("issuer.trust-hosts", List.of());
        Duration trustPeriod = r.duration("issuer.trust-list-period", Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofDays(30));
        int cores = Runtime.getRuntime().availableProcessors();
        IssuancePipeline.Settings pipeline = new IssuancePipeline.Settings(
                r.integer("issuer.chunk-size", 8192, 256, 1 << 20),
                r.integer("issuer.workers", cores, 1, 256),
                r.integer("issuer.max-in-flight", 64, 1, 4096),
                r.integer("issuer.rows-per-statement", 100, 1, 1000));
        int maxBatch = r.integer("issuer.max-batch", 5_000_000, 1, Integer.MAX_VALUE);
        IssuanceJobs.Settings dflt = IssuanceJobs.Settings.defaults();
        int perLicensee = r.integer("issuer.queue.jobs-per-licensee", dflt.maxJobsPerLicensee(), 1, 10_000);
        IssuanceJobs.Settings jobs;
        try {
            jobs = new IssuanceJobs.Settings(r.integer("issuer.queue.workers", dflt.workers(), 1, 64),
                    r.integer("issuer.queue.slice", dflt.sliceUnits(), 256, 1 << 24), perLicensee,
                    r.integer("issuer.queue.jobs", dflt.maxJobsTotal(), 1, 100_000),
                    r.integer("issuer.queue.units-per-licensee", (int) Math.max(dflt.maxUnitsPerLicensee(), maxBatch), 1, Integer.MAX_VALUE),
                    r.integer("issuer.queue.retry-after-seconds", dflt.retryAfterSeconds(), 1, 3600));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("issuer.queue.jobs", e.getMessage());
        }
        if (jobs.maxUnitsPerLicensee() < maxBatch) {
            throw new ConfigException("issuer.queue.units-per-licensee", "must be at least issuer.max-batch (" + maxBatch
                    + "), or an order of the largest size could never be taken; got " + jobs.maxUnitsPerLicensee());
        }
        Duration unused = r.duration("issuer.unused-expiry", Duration.ofDays(180), Duration.ofDays(1), Duration.ofDays(3650));
        int window = r.integer("issuer.expiry-sweep-window-days", 30, 1, 3650);
        int reprints = r.integer("issuer.reprints-per-day", PrintLog.DEFAULT_REPRINTS_PER_DAY, 0, 1000);
        Duration sweep = r.duration("issuer.expiry-sweep-interval", Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(7));
        Duration licenceExpiry = r.duration("issuer.licence-expiry-interval", Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofDays(1));
        Duration statusPeriod = r.duration("issuer.status-list-period", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(1));
        List<org.markauth.sdk.trust.TrustRoot> roots = r.parsed("issuer.trust.roots", IssuerConfig::roots).orElse(List.of());
        String programme = r.optionalString("issuer.programme").orElse(null);
        if (!roots.isEmpty() && programme == null) {
            throw new ConfigException("issuer.programme", "is required with issuer.trust.roots: the programme id the root's "
                    + "delegations name (the --programme of `markauth root delegate`)");
        }
        Duration idle = r.duration("issuer.console.session-idle", Duration.ofHours(8), Duration.ofMinutes(1), Duration.ofDays(7));
        Duration lifetime = r.duration("issuer.console.session-lifetime", Duration.ofHours(12), Duration.ofHours(1), Duration.ofDays(30));
        Duration recheck = r.duration("issuer.console.credential-recheck", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(1));
        if (lifetime.compareTo(idle) < 0) {
            throw new ConfigException("issuer.console.session-lifetime", "must be at least issuer.console.session-idle (" + idle
                    + "), got " + lifetime);
        }
        KeySettings keys;
        try {
            keys = new KeySettings(alg, keyValidity, host, trustHosts.stream().map(ScanText::upper).toList(), trustPeriod,
                    roots, programme);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("issuer.mark-host", e.getMessage());
        }
        Webhooks.Settings webhooks = webhooks(r);
        Duration figuresCache = r.duration("issuer.targets.figures-cache", IssuerServices.Settings.DEFAULT_FIGURES_CACHE,
                Duration.ZERO, Duration.ofHours(1));
        return new IssuerConfig(cassandra, redis, http, kek,
                new IssuerServices.Settings(keys, pipeline, maxBatch, unused, window, reprints, jobs, webhooks,
                        r.integer("issuer.certification.max-open-applications",
                                org.markauth.issuer.certification.Certification.DEFAULT_MAX_OPEN_APPLICATIONS, 1, 1000), figuresCache), sweep, licenceExpiry, statusPeriod,
                Edge.read(r), new Console.SessionSettings(idle, lifetime, recheck), renewals(r));
    }

    /** {@code issuer.renewal-reminders.*}: docs/issuer.md (defaults: {@link RenewalReminders.Settings#defaults}). */
    static RenewalReminders.Settings renewals(ConfigReader r) {
        RenewalReminders.Settings d = RenewalReminders.Settings.defaults();
        List<String> days = r.list("issuer.renewal-reminders.days", d.days().stream().map(String::valueOf).toList());
        Duration interval = r.duration("issuer.renewal-reminders.interval", d.interval(), Duration.ofMinutes(1), Duration.ofDays(1));
        try {
            return new RenewalReminders.Settings(days.stream().map(s -> Integer.parseInt(s.strip())).toList(), interval);
        } catch (IllegalArgumentException e) {   // NumberFormatException included
            throw new ConfigException("issuer.renewal-reminders.days", "must be 1 to 5 distinct whole numbers of days (1..366) before "
                    + "expiry, e.g. 90,30,7; got " + days + " (" + e.getMessage() + ")");
        }
    }

    /** {@code issuer.webhooks.*}: docs/issuer.md, "Webhooks" (defaults: {@link Webhooks.Settings#defaults}). */
    static Webhooks.Settings webhooks(ConfigReader r) {
        Webhooks.Settings d = Webhooks.Settings.defaults();
        boolean allowPrivate = r.bool("issuer.webhooks.allow-private", d.allowPrivate());
        Duration base = r.duration("issuer.webhooks.backoff-base", d.backoffBase(), Duration.ofMillis(10), Duration.ofHours(1));
        Duration cap = r.duration("issuer.webhooks.backoff-cap", d.backoffCap(), Duration.ofMillis(10), Duration.ofDays(1));
        if (cap.compareTo(base) < 0) {
            throw new ConfigException("issuer.webhooks.backoff-cap", "must be at least issuer.webhooks.backoff-base (" + base
                    + "), got " + cap);
        }
        return new Webhooks.Settings(allowPrivate, base, cap,
                r.integer("issuer.webhooks.max-attempts", d.maxAttempts(), 1, 100),
                r.duration("issuer.webhooks.poll-interval", d.pollInterval(), Duration.ofMillis(50), Duration.ofMinutes(10)),
                r.duration("issuer.webhooks.timeout", d.timeout(), Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }

    /** {@code ALG:HEX[,ALG:HEX]}: the offline programme root(s) this issuer verifies delegations against. */
    static List<org.markauth.sdk.trust.TrustRoot> roots(String v) {
        List<org.markauth.sdk.trust.TrustRoot> out = new java.util.ArrayList<>();
        for (String s : v.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            int c = s.indexOf(':');
            if (c < 0) {
                throw new IllegalArgumentException("'" + s.strip() + "' is not ALG:HEX (the pin line `markauth root init` prints)");
            }
            out.add(new org.markauth.sdk.trust.TrustRoot(SignatureAlgorithm.valueOf(s.substring(0, c).strip()),
                    java.util.HexFormat.of().parseHex(s.substring(c + 1).strip())));
        }
        return out;
    }
}
