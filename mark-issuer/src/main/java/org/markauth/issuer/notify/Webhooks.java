package org.markauth.issuer.notify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.keys.Kek;
import org.markauth.registry.NotificationEvent;

/**
 * Webhook subscriptions (V019 {@code webhooks}) and their delivery log, for the API's routes
 * ({@link WebhookRoutes}) and the portal's page. A MANUFACTURER's webhooks belong to its licensee
 * and receive that licensee's events only; the REGULATOR's receive every event; an officer has none.
 * Another licensee's webhook id is answered exactly like a missing one. The HMAC secret is made
 * here, shown once in {@link Created}, and stored sealed under the issuer's KEK (AES-256-GCM,
 * {@link Kek}, AAD {@code webhook:<id>}); the {@link Dispatcher} opens it for each attempt.
 * Creation and deletion are audited. Calls block on Cassandra (and DNS): run them on worker threads.
 */
public final class Webhooks {

    /** The regulator's owner key; a manufacturer's is {@code licensee:<id>}. */
    static final String REGULATOR = "regulator";
    static final int MAX_DESCRIPTION = 200;
    static final int MAX_PER_OWNER = 20;

    /**
     * {@code issuer.webhooks.*} (docs/issuer.md): whether URLs may point at internal addresses, the
     * retry schedule (attempt n waits {@code min(cap, base × 2^(n-1))} after a failure; after
     * {@code maxAttempts} the delivery is FAILED), how often the dispatcher looks for work, and how
     * long one attempt may take.
     */
    public record Settings(boolean allowPrivate, Duration backoffBase, Duration backoffCap, int maxAttempts,
                           Duration pollInterval, Duration timeout) {
        public Settings {
            if (backoffBase.isNegative() || backoffBase.isZero() || backoffCap.compareTo(backoffBase) < 0) {
                throw new IllegalArgumentException("webhook backoff needs 0 < base <= cap, got base " + backoffBase + ", cap " + backoffCap);
            }
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("webhook max attempts must be 1..100, got " + maxAttempts);
            }
        }

        /** Public addresses only; 30 s doubling to at most 1 h, 10 attempts (about 2 h 14 min in all); poll 5 s; 10 s per attempt. */
        public static Settings defaults() {
            return new Settings(false, Duration.ofSeconds(30), Duration.ofHours(1), 10, Duration.ofSeconds(5), Duration.ofSeconds(10));
        }

        public Settings withAllowPrivate(boolean allow) {
            return new Settings(allow, backoffBase, backoffCap, maxAttempts, pollInterval, timeout);
        }

        /** The wait after failed attempt {@code n} (1-based). */
        public Duration backoff(int n) {
            Duration d = backoffBase;
            for (int i = 1; i < n && d.compareTo(backoffCap) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(backoffCap) > 0 ? backoffCap : d;
        }
    }

    public record Webhook(UUID webhookId, String licenseeId, String url, Set<String> events, String description,
                          Instant createdAt, String createdBy) {
        /** Whether this webhook receives {@code e}: subscribed to its type, and its licensee's (or the regulator's), not older than it. */
        boolean receives(NotificationEvent e) {
            return events.contains(e.type().wire()) && (licenseeId == null || licenseeId.equals(e.licenseeId()))
                    && !e.occurredAt().isBefore(createdAt);
        }
    }

    /** A new webhook and its secret, shown this once. */
    public record Created(Webhook webhook, String secret) {
    }

    /** One attempt of the delivery log. */
    public record Attempt(int attempt, Instant at, Integer status, String error, Instant nextAt) {
    }

    /** A delivery: state PENDING | DELIVERED | FAILED, and its attempts oldest first. */
    public record Delivery(UUID eventId, String eventType, Instant occurredAt, String state, int attempts, Instant lastAt,
                           Integer lastStatus, String lastError, Instant nextAt, List<Attempt> log) {
    }

    final CqlSession session;
    final Settings settings;
    final Clock clock;
    private final Kek kek;
    private final ChangeRecorder changes;
    private final UrlGuard guard;
    private final SecureRandom random = new SecureRandom();
    private final PreparedStatement insert;
    private final PreparedStatement byOwner;
    private final PreparedStatement one;
    private final PreparedStatement all;
    private final PreparedStatement remove;
    private final PreparedStatement deliveries;
    private final PreparedStatement attempts;

    public Webhooks(CqlSession session, Kek kek, ChangeRecorder changes, Clock clock, Settings settings) {
        this.session = session;
        this.kek = kek;
        this.changes = changes;
        this.clock = clock;
        this.settings = settings;
        this.guard = new UrlGuard(settings.allowPrivate());
        this.insert = session.prepare("INSERT INTO webhooks (owner, webhook_id, url, events, description, secret, created_at, "
                + "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        String cols = "SELECT owner, webhook_id, url, events, description, created_at, created_by FROM webhooks ";
        this.byOwner = session.prepare(cols + "WHERE owner = ?");
        this.one = session.prepare(cols + "WHERE owner = ? AND webhook_id = ?");
        this.all = session.prepare("SELECT owner, webhook_id, url, events, description, created_at, created_by, secret FROM webhooks");
        this.remove = session.prepare("DELETE FROM webhooks WHERE owner = ? AND webhook_id = ?");
        this.deliveries = session.prepare("SELECT occurred_at, event_id, event_type, state, attempts, last_at, last_status, "
                + "last_error, next_at FROM webhook_deliveries WHERE webhook_id = ? LIMIT ?");
        this.attempts = session.prepare("SELECT occurred_at, event_id, attempt, at, status, error, next_at FROM webhook_attempts "
                + "WHERE webhook_id = ? AND occurred_at >= ?");
    }

    /** The owner key of {@code p}'s webhooks; an officer has none (403). */
    static String owner(Principal p) {
        if (p.role() == Role.REGULATOR) {
            return REGULATOR;
        }
        if (p.role() == Role.MANUFACTURER) {
            return "licensee:" + p.licenseeId().orElseThrow();
        }
        throw new IssuerException.Forbidden("role " + p.role() + " has no webhooks; they are for the regulator and manufacturers");
    }

    /**
     * Subscribes {@code url} to {@code events} (wire names, at least one) for {@code p}'s events.
     * The URL is checked (form, then its addresses: {@link UrlGuard}).
     */
    public Created create(Principal p, String url, List<String> events, String description) {
        String owner = owner(p);
        UrlGuard.parse(url);
        if (events == null || events.isEmpty()) {
            throw new BadBody("events must name at least one event type of " + NotificationEvent.Type.wires());
        }
        Set<String> types = new TreeSet<>();
        for (String e : events) {
            try {
                types.add(NotificationEvent.Type.ofWire(e).wire());
            } catch (IllegalArgumentException x) {
                throw new BadBody(x.getMessage());
            }
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new BadBody("description is " + description.length() + " characters long; at most " + MAX_DESCRIPTION);
        }
        guard.check(url);
        int have = session.execute(byOwner.bind(owner)).all().size();
        if (have >= MAX_PER_OWNER) {
            throw new IssuerException.Refused("TOO_MANY_WEBHOOKS", "there are already " + have + " webhooks; at most "
                    + MAX_PER_OWNER + " each: delete one first");
        }
        UUID id = UUID.randomUUID();
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String secret = "whsec_" + HexFormat.of().formatHex(raw);
        Arrays.fill(raw, (byte) 0);
        byte[] plain = secret.getBytes(StandardCharsets.US_ASCII);
        byte[] sealed;
        try {
            sealed = kek.seal(plain, aad(id));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        Instant now = clock.instant();
        session.execute(insert.bind(owner, id, url.strip(), types, description, ByteBuffer.wrap(sealed), now, p.userId()));
        changes.audit(p.userId(), "webhook.create", "webhook:" + id, url.strip() + " " + types);
        return new Created(new Webhook(id, p.licenseeId().orElse(null), url.strip(), types, description, now, p.userId()), secret);
    }

    public List<Webhook> list(Principal p) {
        String owner = owner(p);
        List<Webhook> out = new ArrayList<>();
        for (Row r : session.execute(byOwner.bind(owner))) {
            out.add(webhook(r));
        }
        out.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return out;
    }

    /** {@code p}'s webhook {@code webhookId}; another owner's, or a malformed id, is answered as missing (404). */
    public Webhook get(Principal p, String webhookId) {
        String owner = owner(p);
        UUID id = id(webhookId);
        Row r = session.execute(one.bind(owner, id)).one();
        if (r == null) {
            throw new IssuerException.NotFound("webhook", webhookId);
        }
        return webhook(r);
    }

    /** Deletes the webhook; its pending deliveries are dropped by the dispatcher, its log stays until it expires. */
    public void delete(Principal p, String webhookId) {
        Webhook w = get(p, webhookId);
        session.execute(remove.bind(owner(p), w.webhookId()));
        changes.audit(p.userId(), "webhook.delete", "webhook:" + w.webhookId(), w.url());
    }

    /** The newest {@code limit} deliveries of the webhook, each with its attempts. */
    public List<Delivery> deliveries(Principal p, String webhookId, int limit) {
        Webhook w = get(p, webhookId);
        List<Row> rows = session.execute(deliveries.bind(w.webhookId(), limit)).all();
        if (rows.isEmpty()) {
            return List.of();
        }
        Instant oldest = rows.get(rows.size() - 1).getInstant("occurred_at");
        Map<UUID, List<Attempt>> log = new java.util.HashMap<>();
        for (Row a : session.execute(attempts.bind(w.webhookId(), oldest))) {
            log.computeIfAbsent(a.getUuid("event_id"), k -> new ArrayList<>()).add(new Attempt(a.getInt("attempt"),
                    a.getInstant("at"), a.isNull("status") ? null : a.getInt("status"), a.getString("error"), a.getInstant("next_at")));
        }
        List<Delivery> out = new ArrayList<>();
        for (Row r : rows) {
            UUID e = r.getUuid("event_id");
            out.add(new Delivery(e, r.getString("event_type"), r.getInstant("occurred_at"), r.getString("state"),
                    r.isNull("attempts") ? 0 : r.getInt("attempts"), r.getInstant("last_at"),
                    r.isNull("last_status") ? null : r.getInt("last_status"), r.getString("last_error"), r.getInstant("next_at"),
                    List.copyOf(log.getOrDefault(e, List.of()))));
        }
        return out;
    }

    // ------------------------------------------------------------------ for the dispatcher

    /** A webhook with its sealed secret, as the dispatcher loads them. */
    record Subscriber(Webhook webhook, byte[] sealed) {
    }

    /** Every webhook (a small table: at most {@value #MAX_PER_OWNER} per owner), by id. */
    Map<UUID, Subscriber> all() {
        Map<UUID, Subscriber> out = new java.util.LinkedHashMap<>();
        for (Row r : session.execute(all.bind())) {
            ByteBuffer b = r.getByteBuffer("secret");
            byte[] sealed = new byte[b.remaining()];
            b.duplicate().get(sealed);
            out.put(r.getUuid("webhook_id"), new Subscriber(webhook(r), sealed));
        }
        return out;
    }

    /** The secret of a webhook, opened; the caller zeroes it. */
    byte[] secret(Subscriber s) {
        return kek.open(s.sealed(), aad(s.webhook().webhookId()));
    }

    UrlGuard.Target target(String url) {
        return guard.check(url);
    }

    private static byte[] aad(UUID id) {
        return ("webhook:" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static UUID id(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IssuerException.NotFound("webhook", s);
        }
    }

    private static Webhook webhook(Row r) {
        String owner = r.getString("owner");
        return new Webhook(r.getUuid("webhook_id"), owner.startsWith("licensee:") ? owner.substring("licensee:".length()) : null,
                r.getString("url"), Set.copyOf(new LinkedHashSet<>(r.getSet("events", String.class))), r.getString("description"),
                r.getInstant("created_at"), r.getString("created_by"));
    }

    /** A webhook body that names something wrong (400). */
    static final class BadBody extends IssuerException.BadInput {
        BadBody(String message) {
            super("INVALID_WEBHOOK", message);
        }
    }
}
