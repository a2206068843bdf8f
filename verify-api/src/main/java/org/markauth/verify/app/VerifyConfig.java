package org.markauth.verify.app;

import org.markauth.registry.Invalidation;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.markauth.config.CassandraSettings;
import org.markauth.config.ConfigException;
import org.markauth.config.ConnectionSettings;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;
import org.markauth.config.HttpSettings;
import org.markauth.config.RedisSettings;
import org.markauth.config.Secret;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.verify.cache.CacheSettings;
import org.markauth.verify.report.ReportSettings;
import org.markauth.verify.rules.RuleSettings;
import org.markauth.verify.scan.CounterSettings;
import org.markauth.verify.scan.ScanSettings;

/**
 * The verify-api's one typed configuration, read from file &lt; environment &lt; flags by the shared
 * service-config loader and validated here; every key, its default and its meaning is in
 * docs/verify-api.md. An invalid value stops start-up with a message naming the key.
 *
 * @param ipHashSecret   key of the client-address hash (a secret reference); absent = a random key per
 *                       process start, which is fine for one instance and documented as such
 * @param geoIp2regionDb an ip2region .db file to use instead of the one shipped in the jar
 */
public record VerifyConfig(CassandraSettings cassandra, RedisSettings redis, HttpSettings http,
                           CacheSettings markCache, CacheSettings registryCache, ScanSettings scan,
                           CounterSettings scanCounters, int verifiedCodesMax,
                           Optional<Secret> ipHashSecret, RuleSettings rules,
                           int batchMaxCodes, int rateLimitPerMinute, boolean trustForwardedFor,
                           Optional<Path> geoIpTable, Duration invalidationPoll, ReportSettings report,
                           Duration drainTimeout, Duration unreadyDelay, List<TrustRoot> trustRoots, String invalidationChannel,
                           Optional<Path> geoIp2regionDb, Optional<Secret> receiptKey, String instance,
                           ConnectionSettings connections, int noticeMaxOpenObjections,
                           int noticeMaxPendingPerClient) {

    /** 8080, as every manifest, scrape target and the demo expect; mark-issuer has 8081, so both fit on one machine. */
    public static final int DEFAULT_PORT = 8080;

    public VerifyConfig {
        Objects.requireNonNull(cassandra, "cassandra");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(markCache, "markCache");
        Objects.requireNonNull(registryCache, "registryCache");
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(report, "report");
        trustRoots = List.copyOf(trustRoots);
        if (trustRoots.isEmpty()) {
            throw new ConfigException("verify.trust.roots", "at least one pinned programme root key is required");
        }
    }

    public static VerifyConfig load(ConfigSource source) {
        ConfigReader r = new ConfigReader(source);
        VerifyConfig c = read(r);
        r.finish();
        return c;
    }

    static VerifyConfig read(ConfigReader r) {
        CassandraSettings cassandra = CassandraSettings.read(r);
        RedisSettings redis = RedisSettings.read(r);
        // The body limit of every route but /report (JSON requests: a batch of 100 codes is about 55 KiB);
        // the report route's limits follow from verify.report.* (ReportSettings).
        HttpSettings http = HttpSettings.read(r, "http", DEFAULT_PORT, 64 * 1024);
        CacheSettings marks = new CacheSettings(
                r.integer("verify.cache.marks.local-max", 500_000, 1, 50_000_000),
                r.duration("verify.cache.local-ttl", Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofHours(1)),
                r.duration("verify.cache.marks.redis-ttl", Duration.ofHours(6), Duration.ofSeconds(1), Duration.ofDays(30)),
                r.duration("verify.cache.negative-ttl", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(1)));
        CacheSettings registry = new CacheSettings(
                r.integer("verify.cache.registry.local-max", 100_000, 1, 10_000_000),
                marks.localTtl(),
                r.duration("verify.cache.registry.redis-ttl", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(1)),
                marks.negativeTtl());
        Path spill = Path.of(r.string("verify.scan.spill-dir", "var/verify-spill"));
        ScanSettings scan = new ScanSettings(
                r.integer("verify.scan.buffer", 200_000, 1, 10_000_000),
                r.duration("verify.scan.flush-interval", Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofSeconds(60)),
                r.integer("verify.scan.max-per-flush", 2_000, 1, 100_000),
                r.integer("verify.scan.rows-per-batch", 10, 1, 50),
                r.duration("verify.scan.write-timeout", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(5)),
                r.duration("verify.scan.retry-interval", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMinutes(10)),
                spill,
                Path.of(r.string("verify.scan.journal-dir", spill.toString())),
                r.duration("verify.scan.journal-sync", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(1)),
                r.duration("verify.scan.journal-segment", Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(10)),
                r.duration("verify.scan.summary-interval", Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(24)));
        CounterSettings counters = new CounterSettings(
                r.duration("verify.scan.counter-ttl", Duration.ofDays(400), Duration.ofMinutes(1), Duration.ofDays(3650)),
                r.duration("verify.scan.counter-sync", Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofSeconds(10)),
                r.duration("verify.scan.counter-fresh", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10)));
        int verifiedCodes = r.integer("verify.cache.verified-codes.local-max", 200_000, 1, 10_000_000);
        Optional<Secret> salt = r.secret("verify.scan.ip-hash-secret");
        RuleSettings d = RuleSettings.defaults();
        RuleSettings rules = new RuleSettings(
                r.integer("verify.rules.max-scans", d.maxScans(), 0, 1_000_000),
                r.integer("verify.rules.max-speed-kmh", (int) d.maxSpeedKmh(), 0, 100_000),
                r.integer("verify.rules.min-travel-km", (int) d.minTravelKm(), 0, 20_000),
                r.bool("verify.rules.off-market", d.offMarket()),
                new HashSet<>(r.list("verify.rules.dead-verdicts", List.copyOf(d.deadVerdicts()))),
                r.duration("verify.rules.alert-dedupe", d.alertDedupe(), Duration.ofSeconds(1), Duration.ofDays(365)),
                r.duration("verify.rules.scan-window", d.scanWindow(), Duration.ZERO, Duration.ofDays(3650)),
                r.integer("verify.rules.block-threshold", d.blockThreshold(), 0, 1_000_000));
        int batchMax = r.integer("verify.batch.max-codes", 100, 1, 10_000);
        int rate = r.integer("verify.rate-limit.per-minute", 600, 0, 10_000_000);
        boolean xff = r.bool("verify.trust-forwarded-for", false);
        Optional<Path> ipTable = r.file("verify.geo.ip-table");
        Duration poll = r.duration("verify.invalidation.poll", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(5));
        ReportSettings report = new ReportSettings(
                r.integer("verify.report.max-photo-bytes", 10 * 1_048_576, 1, 32 * 1_048_576),
                r.integer("verify.report.max-photos", 3, 0, 10),
                r.integer("verify.report.rate-limit.per-minute", 10, 0, 100_000),
                r.duration("verify.report.request-timeout", Duration.ofMinutes(2), Duration.ofMillis(100), Duration.ofMinutes(30)),
                r.integer("verify.report.max-in-flight", 4, 1, 1_000));
        Duration drain = r.duration("verify.shutdown.drain", Duration.ofSeconds(10), Duration.ofMillis(0), Duration.ofMinutes(5));
        // how long a stopping instance keeps serving while its readiness already answers DRAINING, so that a
        // balancer that only watches readiness takes it out before the listener closes (docs/operations.md)
        Duration unready = r.duration("verify.shutdown.unready-delay", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1));
        List<TrustRoot> roots = r.parsed("verify.trust.roots", VerifyConfig::roots).orElseThrow(() ->
                new ConfigException("verify.trust.roots", "is required: the programme root public key(s) that sign the "
                        + "trust list, as ALGORITHM:HEX (e.g. ED25519:3b6a27bc…), comma-separated"));
        String channel = r.string("verify.invalidation.channel", Invalidation.CHANNEL);
        Optional<Path> ip2region = r.file("verify.geo.ip2region-db");
        // signed receipts (docs/mark-format.md, "Verification receipts"): the key by reference, and the
        // instance name each receipt carries
        Optional<Secret> receiptKey = r.secret("verify.receipt.key");
        String instance = r.string("verify.instance", defaultInstance());
        if (!instance.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new ConfigException("verify.instance", "must be 1-64 characters of A-Z a-z 0-9 . _ : -, got '" + instance + "'");
        }
        return new VerifyConfig(cassandra, redis, http, marks, registry, scan, counters, verifiedCodes, salt, rules, batchMax, rate,
                xff, ipTable, poll, report, drain, unready, roots, channel, ip2region, receiptKey, instance,
                ConnectionSettings.read(r, "http"),
                // objections awaiting the office beyond which a public notice takes no more (NoticePages)
                r.integer("verify.notice.max-open-objections", 200, 1, 100_000),
                // one client's objections awaiting the office on one notice (NoticePages)
                r.integer("verify.notice.max-pending-per-client", 3, 1, 100));
    }

    /** The host name (what an operator sees in a receipt), else "verify-api". */
    private static String defaultInstance() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.matches("[A-Za-z0-9._:-]{1,64}") ? h : "verify-api";
        } catch (IOException e) {
            return "verify-api";
        }
    }

    /** Parses {@code ALG:HEX[,ALG:HEX]}; the message says what is accepted. */
    static List<TrustRoot> roots(String value) {
        List<TrustRoot> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String[] ah = part.strip().split(":", 2);
            if (ah.length != 2) {
                throw new IllegalArgumentException("write each root as ALGORITHM:HEX, e.g. ED25519:3b6a…");
            }
            SignatureAlgorithm alg;
            try {
                alg = SignatureAlgorithm.valueOf(ah[0].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("algorithm must be one of " + Arrays.toString(SignatureAlgorithm.values()));
            }
            try {
                out.add(new TrustRoot(alg, HexFormat.of().parseHex(ah[1].strip())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a valid " + alg + " public key in hex: " + e.getMessage());
            }
        }
        return out;
    }
}
