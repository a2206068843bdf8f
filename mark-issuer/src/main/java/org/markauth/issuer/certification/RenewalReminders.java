package org.markauth.issuer.certification;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.notify.Notifications;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.registry.NotificationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renewal reminders that reach the manufacturer (docs/certification.md, "Renewal reminders"): a
 * sweep ({@code issuer serve}, daily by default) writes one {@code licence.renewal-due}
 * notification event for each ACTIVE licence that has come within a threshold of its expiry (90,
 * 30 and 7 days by default, {@code issuer.renewal-reminders.days}), so the licensee's webhooks
 * hear of it through the {@link org.markauth.issuer.notify.Dispatcher} and the console's
 * notification list shows it.
 *
 * <p><b>Once per licence, expiry and threshold</b>, however many issuer instances sweep and however
 * often: the sweep claims a {@code licence_reminders} row (V032) by lightweight transaction before
 * it writes the event; the row carries the event's id (a name-based UUID of licence, expiry and
 * threshold) and time, so a sweep that finds a claimed row whose event was never written (its
 * claimer stopped in between) writes the very same event row again instead of a second event. Such
 * a late row may be older than the dispatcher's two-minute overlap and reach no webhook; the console
 * still lists it. Only the most urgent threshold crossed is sent: a licence first seen 20 days
 * before its expiry gets the 30-day reminder, not the 90-day one as well.
 *
 * <p><b>A renewal stops them</b>: a RENEWAL application for the product filed since the licence's
 * period began and still open ({@link AppState#open}: not refused, withdrawn or licensed) means the
 * licensee has acted, so no further reminder is claimed for that expiry (a refusal or a withdrawal lets
 * them resume). A renewed licence has a new {@code validUntil}: its
 * thresholds start afresh. Days are the programme's (Asia/Shanghai) calendar days. Calls block on
 * Cassandra: run the sweep on a worker thread.
 */
public final class RenewalReminders {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalReminders.class);

    /** Who the audit trail names for a reminder. */
    public static final String ACTOR = "system:renewal-reminders";
    /** The programme's days. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Where the licensee files the renewal (with {@code renewalOf}: the product id). */
    public static final String APPLY_PATH = "/api/v1/certification/applications";
    /** How many of a licensee's applications (newest first) are looked through for a renewal in progress. */
    static final int APPLICATIONS_READ = 200;

    /**
     * {@code issuer.renewal-reminders.*} (docs/issuer.md): the thresholds in days before expiry
     * (1 to 5 of them, each 1..366, distinct; kept largest first) and how often the sweep runs.
     */
    public record Settings(List<Integer> days, Duration interval) {
        public Settings {
            if (days == null || days.isEmpty() || days.size() > 5) {
                throw new IllegalArgumentException("renewal reminder days must name 1 to 5 thresholds, got " + days);
            }
            for (int d : days) {
                if (d < 1 || d > 366) {
                    throw new IllegalArgumentException("renewal reminder days must each be 1..366, got " + d);
                }
            }
            if (days.stream().distinct().count() != days.size()) {
                throw new IllegalArgumentException("renewal reminder days must be distinct, got " + days);
            }
            days = days.stream().sorted(java.util.Comparator.reverseOrder()).toList();
            if (interval == null || interval.compareTo(Duration.ofMinutes(1)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("renewal reminder interval must be 1m..1d, got " + interval);
            }
        }

        /** 90, 30 and 7 days before expiry; swept daily. */
        public static Settings defaults() {
            return new Settings(List.of(90, 30, 7), Duration.ofDays(1));
        }

        /**
         * The threshold a licence {@code daysLeft} days from its expiry falls under: the smallest
         * threshold not below it; null when it is further away than the largest (or already past).
         */
        public Integer threshold(long daysLeft) {
            if (daysLeft < 0) {
                return null;
            }
            Integer found = null;
            for (int d : days) {      // largest first: the last that still covers daysLeft is the smallest
                if (daysLeft <= d) {
                    found = d;
                }
            }
            return found;
        }
    }

    /** What one sweep did: events written, licences skipped because a renewal is in progress, claimed events rewritten, failures. */
    public record Sweep(int reminded, int renewing, int recovered, int failed) {
    }

    private final CqlSession session;
    private final Registry registry;
    private final Notifications notifications;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final Settings settings;
    private final String holder;
    private final PreparedStatement readClaim;
    private final PreparedStatement claim;
    private final PreparedStatement written;
    private final PreparedStatement appsOfLicensee;
    private final PreparedStatement app;

    /** @param holder this instance's name in the claims (unique per process) */
    public RenewalReminders(CqlSession session, Registry registry, Notifications notifications, ChangeRecorder changes, Clock clock,
                            Settings settings, String holder) {
        this.session = session;
        this.registry = registry;
        this.notifications = notifications;
        this.changes = changes;
        this.clock = clock;
        this.settings = settings;
        this.holder = holder;
        readClaim = session.prepare("SELECT event_id, occurred_at, days_left, written FROM licence_reminders "
                + "WHERE product_id = ? AND valid_until = ? AND days = ?");
        claim = session.prepare("INSERT INTO licence_reminders (product_id, valid_until, days, event_id, occurred_at, licensee_id, "
                + "days_left, claimed_by, written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, false) IF NOT EXISTS");
        written = session.prepare("UPDATE licence_reminders SET written = true WHERE product_id = ? AND valid_until = ? AND days = ? "
                + "IF written = false");
        appsOfLicensee = session.prepare("SELECT app_id FROM cert_apps_by_licensee WHERE licensee_id = ? LIMIT " + APPLICATIONS_READ);
        app = session.prepare("SELECT kind, state, product_id, filed_at FROM cert_apps WHERE app_id = ?");
    }

    public Settings settings() {
        return settings;
    }

    /** One pass over the licences within the largest threshold of their expiry (see the class comment). */
    public Sweep sweep() {
        Instant now = clock.instant();
        int reminded = 0;
        int renewing = 0;
        int recovered = 0;
        int failed = 0;
        for (Licence l : registry.expiringWithin(Duration.ofDays(settings.days().get(0) + 1L))) {
            long left = daysLeft(l.validUntil(), now);
            Integer days = settings.threshold(left);
            if (days == null) {
                continue;
            }
            try {
                switch (remind(l, days, (int) left, now)) {
                    case WRITTEN -> reminded++;
                    case RENEWING -> renewing++;
                    case RECOVERED -> recovered++;
                    default -> { }
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("renewal reminder of product {} ({} days before {}) not written, the next sweep tries again: {}",
                        l.productId(), days, l.validUntil(), e.toString());
            }
        }
        return new Sweep(reminded, renewing, recovered, failed);
    }

    private enum Outcome { WRITTEN, RENEWING, RECOVERED, DONE }

    private Outcome remind(Licence l, int days, int left, Instant now) {
        Row c = session.execute(readClaim.bind(l.productId(), l.validUntil(), days)).one();
        if (c != null) {
            if (c.getBoolean("written")) {
                return Outcome.DONE;
            }
            // claimed, event not written (the claimer stopped, or is writing right now): the same row again is harmless
            write(event(l, days, c.getInt("days_left"), c.getUuid("event_id"), c.getInstant("occurred_at")), l, days);
            return Outcome.RECOVERED;
        }
        if (renewalFiled(l)) {
            return Outcome.RENEWING;
        }
        NotificationEvent e = event(l, days, left, eventId(l, days), now);
        if (!session.execute(claim.bind(l.productId(), l.validUntil(), days, e.id(), now, l.licenseeId(), left, holder)).wasApplied()) {
            return Outcome.DONE;     // another instance claimed it a moment ago and writes it
        }
        write(e, l, days);
        changes.audit(ACTOR, "licence.renewal-due", "licence:" + l.productId(), "reminder " + days + " days before expiry: licence "
                + l.licenceNo() + " of licensee " + l.licenseeId() + " ends on " + expiresOn(l) + ", " + left + " days left; event " + e.id());
        return Outcome.WRITTEN;
    }

    private void write(NotificationEvent e, Licence l, int days) {
        session.execute(notifications.row(e));
        session.execute(written.bind(l.productId(), l.validUntil(), days));
    }

    /** A RENEWAL application for the licence's product, filed since its period began and still open ({@link AppState#open}). */
    boolean renewalFiled(Licence l) {
        for (Row r : session.execute(appsOfLicensee.bind(l.licenseeId()))) {
            if (r.isNull("app_id")) {
                continue;   // the partition's static open count alone (V031)
            }
            Row a = session.execute(app.bind(r.getUuid("app_id"))).one();
            if (a != null && "RENEWAL".equals(a.getString("kind")) && !a.isNull("product_id") && a.getInt("product_id") == l.productId()
                    && AppState.valueOf(a.getString("state")).open()
                    && (l.validFrom() == null || a.isNull("filed_at") || !a.getInstant("filed_at").isBefore(l.validFrom()))) {
                return true;
            }
        }
        return false;
    }

    private NotificationEvent event(Licence l, int days, int left, UUID id, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("licenceNo", l.licenceNo());
        data.put("licensee", registry.findLicensee(l.licenseeId()).map(Licensee::name).orElse(l.licenseeId()));
        data.put("product", registry.findProduct(l.productId()).map(Product::name).orElse(null));
        data.put("validUntil", l.validUntil().toString());
        data.put("expiresOn", expiresOn(l).toString());
        data.put("daysLeft", left);
        data.put("threshold", days);
        Map<String, Object> apply = new LinkedHashMap<>();
        apply.put("method", "POST");
        apply.put("path", APPLY_PATH);
        apply.put("renewalOf", l.productId());
        data.put("apply", apply);
        return new NotificationEvent(id, NotificationEvent.Type.LICENCE_RENEWAL_DUE, at, l.licenseeId(), l.productId(), null, data);
    }

    /** The event's id: the same for a licence, expiry and threshold on every instance (a receiver may drop a repeat by it). */
    static UUID eventId(Licence l, int days) {
        return UUID.nameUUIDFromBytes(("licence.renewal-due:" + l.productId() + ":" + l.validUntil() + ":" + days)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Whole programme days from {@code now} to the expiry's day (0: it ends today). */
    static long daysLeft(Instant validUntil, Instant now) {
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(now, ZONE), LocalDate.ofInstant(validUntil, ZONE));
    }

    private static LocalDate expiresOn(Licence l) {
        return LocalDate.ofInstant(l.validUntil(), ZONE);
    }
}
