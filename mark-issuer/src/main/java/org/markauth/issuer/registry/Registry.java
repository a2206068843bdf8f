package org.markauth.issuer.registry;

import org.markauth.registry.Invalidation;
import org.markauth.registry.LicenceStatus;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.markauth.registry.NotificationEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;

/**
 * The licence registry administered by the programme office: licensees, licensed products and
 * their licences. Every write checks the caller's role, writes the entity, then records the change
 * (audit trail, change_log, invalidation) through {@link ChangeRecorder}; a licence's change also
 * carries its {@code licence.changed} notification event (V019) in that same logged batch, so the
 * event exists exactly when the change is recorded. Calls block on Cassandra:
 * run them on worker threads, never on an event loop.
 */
public final class Registry {

    private static final int MAX_ID_ATTEMPTS = 8;

    private final RegistryStore store;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final PreparedStatement event;
    private volatile Listener listener = Listener.NONE;

    /**
     * Told of every licence and blacklist change after it is recorded: the quality-credit file
     * ({@code credit.CreditFile}) records its events at this one source. An interface here rather than
     * a call into the credit package, which reads the registry (a cycle otherwise). Its failure fails
     * the call, after the change is recorded: a retry finds the change made and the event recorded once.
     */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** {@code l} moved from {@code from} (null: first grant) to its status, by {@code actor}, for {@code reason}. */
        default void licenceChanged(String actor, Licence l, LicenceStatus from, String reason) {
        }

        /** {@code l} was put on (or taken off) the blacklist by {@code actor}. */
        default void blacklistChanged(String actor, Licensee l, String reason) {
        }
    }

    /** Sets the one listener (wired once by the composition root, before any request). */
    public void listen(Listener l) {
        this.listener = Objects.requireNonNull(l, "listener");
    }

    public Registry(CqlSession session, ChangeRecorder changes, Clock clock) {
        this.store = new RegistryStore(session);
        this.changes = changes;
        this.clock = clock;
        this.event = session.prepare(NotificationEvent.INSERT);
    }

    /** The {@code licence.changed} event of {@code l} having moved from {@code from} (null: first grant). */
    private BoundStatement licenceEvent(Licence l, LicenceStatus from, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("licenceNo", l.licenceNo());
        data.put("from", from == null ? null : from.name());
        data.put("to", l.status().name());
        data.put("validFrom", l.validFrom().toString());
        data.put("validUntil", l.validUntil().toString());
        data.put("reason", reason);
        return event.bind(NotificationEvent.of(NotificationEvent.Type.LICENCE_CHANGED, clock.instant(), l.licenseeId(),
                l.productId(), null, data).insertValues());
    }

    // ------------------------------------------------------------------ licensees

    public Licensee createLicensee(Principal p, Licensee.Details d) {
        Permissions.requireRole(p, "register licensees", Role.REGULATOR);
        Licensee l = d.toNew(clock.instant());
        store.claimUscc(l.uscc(), l.licenseeId()).ifPresent(owner -> {
            throw new IssuerException.Conflict("USCC_TAKEN", "unified social credit code " + l.uscc()
                    + " is already registered to licensee " + owner);
        });
        if (!store.insertLicensee(l)) {
            store.releaseUscc(l.uscc(), l.licenseeId());
            throw new IssuerException.Conflict("LICENSEE_EXISTS", "licensee " + l.licenseeId() + " already exists; update it instead");
        }
        changes.record(p.userId(), "licensee.create", Invalidation.of(Invalidation.Kind.LICENSEE, l.licenseeId()), l.name() + " (" + l.uscc() + ")");
        return l;
    }

    public Licensee updateLicensee(Principal p, Licensee.Details d) {
        Permissions.requireRole(p, "edit licensees", Role.REGULATOR);
        Licensee old = existingLicensee(d.licenseeId());
        Licensee l = old.withDetails(d, clock.instant());
        if (!l.uscc().equals(old.uscc())) {
            store.claimUscc(l.uscc(), l.licenseeId()).ifPresent(owner -> {
                throw new IssuerException.Conflict("USCC_TAKEN", "unified social credit code " + l.uscc()
                        + " is already registered to licensee " + owner);
            });
            store.releaseUscc(old.uscc(), old.licenseeId());
        }
        store.updateLicensee(l);
        changes.record(p.userId(), "licensee.update", Invalidation.of(Invalidation.Kind.LICENSEE, l.licenseeId()), diff(old, l));
        return l;
    }

    /** Puts a licensee on the quality-credit blacklist ({@code on}) or takes it off. */
    public Licensee setBlacklisted(Principal p, String licenseeId, boolean on, String reason) {
        Permissions.requireRole(p, "blacklist licensees", Role.REGULATOR);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required to " + (on ? "blacklist" : "clear the blacklist of") + " a licensee");
        }
        Licensee old = existingLicensee(licenseeId);
        Licensee l = old.withBlacklist(on, reason, clock.instant());
        store.updateLicensee(l);
        changes.record(p.userId(), on ? "licensee.blacklist" : "licensee.unblacklist", Invalidation.of(Invalidation.Kind.LICENSEE, licenseeId), reason);
        listener.blacklistChanged(p.userId(), l, reason);
        return l;
    }

    /**
     * Registers (or with {@code null} removes) a licensee's GS1 Company Prefix: 6 to 12 digits, not in a
     * GS1 Prefix range that never starts a company prefix (GS1 General Specifications 1.4.2: 02, 04, 05
     * and 20-29 restricted circulation and company-internal numbers, 98-99 coupons), held by no other
     * licensee and neither a prefix of nor prefixed by a shorter one another licensee holds. SSCCs
     * already allocated keep their prefix.
     */
    public Licensee setGs1CompanyPrefix(Principal p, String licenseeId, String prefix) {
        Permissions.requireRole(p, "register GS1 Company Prefixes", Role.REGULATOR);
        String gcp = prefix == null || prefix.isBlank() ? null : prefix.strip();
        if (gcp != null) {
            if (!Licensee.isGs1CompanyPrefix(gcp)) {
                throw new IllegalArgumentException("gs1CompanyPrefix must be 6 to 12 digits (as GS1 allocated it), got '" + prefix + "'");
            }
            for (String restricted : List.of("02", "04", "05", "2", "98", "99")) {
                if (gcp.startsWith(restricted)) {
                    throw new IllegalArgumentException("gs1CompanyPrefix " + gcp + " starts with GS1 Prefix " + restricted
                            + ", which GS1 keeps for restricted circulation, internal numbers or coupons and never allocates to a "
                            + "company; use the prefix your GS1 Member Organisation allocated");
                }
            }
            for (int n = 6; n < gcp.length(); n++) {
                String shorter = gcp.substring(0, n);
                store.prefixOwner(shorter).filter(o -> !o.equals(licenseeId)).ifPresent(o -> {
                    throw new IssuerException.Conflict("GS1_PREFIX_TAKEN", "GS1 Company Prefix " + gcp + " lies inside prefix "
                            + shorter + " of licensee " + o + "; check the number with GS1");
                });
            }
            // nor may it contain another licensee's longer prefix: GS1 keys under that one would resolve to both
            store.longerPrefixes(gcp).entrySet().stream().filter(x -> !x.getValue().equals(licenseeId)).findFirst().ifPresent(x -> {
                throw new IssuerException.Conflict("GS1_PREFIX_TAKEN", "GS1 Company Prefix " + gcp + " contains prefix " + x.getKey()
                        + " of licensee " + x.getValue() + "; check the number with GS1");
            });
        }
        Licensee old = existingLicensee(licenseeId);
        if (java.util.Objects.equals(old.gs1CompanyPrefix(), gcp)) {
            return old;
        }
        if (gcp != null) {
            store.claimPrefix(gcp, licenseeId).ifPresent(owner -> {
                throw new IssuerException.Conflict("GS1_PREFIX_TAKEN", "GS1 Company Prefix " + gcp
                        + " is already registered to licensee " + owner + "; a prefix belongs to one company");
            });
        }
        Licensee l = old.withGs1CompanyPrefix(gcp, clock.instant());
        store.updateLicensee(l);
        if (old.gs1CompanyPrefix() != null) {
            store.releasePrefix(old.gs1CompanyPrefix(), licenseeId);
        }
        changes.record(p.userId(), "licensee.gs1-prefix", Invalidation.of(Invalidation.Kind.LICENSEE, licenseeId),
                "gs1CompanyPrefix " + old.gs1CompanyPrefix() + " -> " + gcp);
        return l;
    }

    public Licensee licensee(Principal p, String id) {
        Permissions.requireRead(p, "licensee record", id);
        return existingLicensee(id);
    }

    public List<Licensee> licensees(Principal p, int limit) {
        if (p.role() == Role.MANUFACTURER) {
            return List.of(existingLicensee(p.licenseeId().orElseThrow()));
        }
        return store.licensees(limit);
    }

    /** For services that have already checked access. */
    public Optional<Licensee> findLicensee(String id) {
        return store.licensee(id);
    }

    private Licensee existingLicensee(String id) {
        return store.licensee(id).orElseThrow(() -> new IssuerException.NotFound("licensee", id));
    }

    // ------------------------------------------------------------------ products

    public Product createProduct(Principal p, Product.Details d) {
        Permissions.requireRole(p, "register products", Role.REGULATOR);
        existingLicensee(d.licenseeId());
        Instant now = clock.instant();
        if (d.productId() > 0) {
            Product pr = d.toProduct(d.productId(), now, now);
            if (!store.insertProduct(pr)) {
                throw new IssuerException.Conflict("PRODUCT_EXISTS", "product " + d.productId() + " already exists; update it instead");
            }
            return recordNewProduct(p, pr);
        }
        for (int i = 0; i < MAX_ID_ATTEMPTS; i++) {
            Product pr = d.toProduct(1 + random.nextInt(Integer.MAX_VALUE - 1), now, now);
            if (store.insertProduct(pr)) {
                return recordNewProduct(p, pr);
            }
        }
        throw new IllegalStateException("no free product id after " + MAX_ID_ATTEMPTS + " random attempts");
    }

    private Product recordNewProduct(Principal p, Product pr) {
        changes.record(p.userId(), "product.create", Invalidation.of(Invalidation.Kind.PRODUCT, pr.productId()),
                pr.name() + " of licensee " + pr.licenseeId());
        return pr;
    }

    public Product updateProduct(Principal p, Product.Details d) {
        Permissions.requireRole(p, "edit products", Role.REGULATOR);
        Product old = existingProduct(d.productId());
        if (!old.licenseeId().equals(d.licenseeId())) {
            throw new IssuerException.Refused("PRODUCT_OWNER_FIXED", "product " + d.productId() + " belongs to licensee "
                    + old.licenseeId() + "; a product cannot move to another licensee, register a new one");
        }
        Product pr = d.toProduct(old.productId(), old.createdAt(), clock.instant());
        store.updateProduct(pr);
        changes.record(p.userId(), "product.update", Invalidation.of(Invalidation.Kind.PRODUCT, Integer.toString(pr.productId())), pr.name());
        return pr;
    }

    public Product product(Principal p, int id) {
        Product pr = existingProduct(id);
        Permissions.requireOwnOrHidden(p, false, pr.licenseeId(), "product", id);
        return pr;
    }

    public List<Product> products(Principal p, String licenseeId) {
        Permissions.requireRead(p, "products", licenseeId);
        return findProducts(licenseeId);
    }

    public Optional<Product> findProduct(int id) {
        return store.product(id);
    }

    /** A licensee's products, for the services' own lookups (no caller to check: callers check their own access). */
    public List<Product> findProducts(String licenseeId) {
        List<Product> out = new ArrayList<>();
        for (int id : store.productIds(licenseeId)) {
            store.product(id).ifPresent(out::add);
        }
        return out;
    }

    private Product existingProduct(int id) {
        return store.product(id).orElseThrow(() -> new IssuerException.NotFound("product", id));
    }

    // ------------------------------------------------------------------ licences

    /** How the audit trail marks a licence typed in directly, outside the certification lifecycle (kept for migration). */
    public static final String DIRECT_GRANT = "direct grant (migration)";

    /**
     * Grants (or renews) the licence of a product directly: ACTIVE from {@code validFrom} to
     * {@code validUntil}, without an application. Kept so the office can migrate the licences it
     * granted on paper; the audit line says {@value #DIRECT_GRANT}, so it is never mistaken for one
     * the certification lifecycle earned ({@link #grantCertified}).
     */
    public Licence grantLicence(Principal p, int productId, String licenceNo, Instant validFrom, Instant validUntil, String reason) {
        return grant(p, productId, licenceNo, validFrom, validUntil, reason, DIRECT_GRANT);
    }

    /**
     * Grants (or renews) the licence a certification application earned after its public notice;
     * the audit line names the application ({@code certified: application …}).
     */
    public Licence grantCertified(Principal p, int productId, String licenceNo, Instant validFrom, Instant validUntil, String application) {
        return grant(p, productId, licenceNo, validFrom, validUntil, "certified after evaluation and public notice",
                "certified: application " + application);
    }

    private Licence grant(Principal p, int productId, String licenceNo, Instant validFrom, Instant validUntil, String reason, String how) {
        Permissions.requireRole(p, "grant licences", Role.REGULATOR);
        Product pr = existingProduct(productId);
        Optional<Licence> old = store.licence(productId);
        if (old.isPresent() && old.get().status() == LicenceStatus.REVOKED) {
            throw new IssuerException.Refused("LICENCE_REVOKED", "the licence of product " + productId
                    + " was revoked; revocation is final, register the product again to license it anew");
        }
        Licence l = new Licence(productId, licenceNo, pr.licenseeId(), validFrom, validUntil, LicenceStatus.ACTIVE,
                clock.instant(), reason == null ? "granted" : reason);
        store.putLicence(l, p.userId(), old.map(Licence::status).orElse(null));
        changes.record(p.userId(), "licence.grant", Invalidation.of(Invalidation.Kind.LICENCE, productId),
                how + ": " + licenceNo + " valid " + validFrom + " to " + validUntil + (reason == null ? "" : " (" + reason + ")"), licenceEvent(l, old.map(Licence::status).orElse(null), l.statusReason()));
        listener.licenceChanged(p.userId(), l, old.map(Licence::status).orElse(null), l.statusReason());
        return l;
    }

    /** Suspends, revokes, reinstates (ACTIVE) or expires a licence, with a reason kept in its history. */
    public Licence changeLicenceStatus(Principal p, int productId, LicenceStatus to, String reason) {
        Permissions.requireRole(p, "change licence status", Role.REGULATOR);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required to change a licence's status to " + to);
        }
        Licence old = existingLicence(productId);
        if (!old.status().mayBecome(to)) {
            throw new IssuerException.Refused("LICENCE_TRANSITION", "licence of product " + productId + " is " + old.status()
                    + " and cannot become " + to + (old.status() == LicenceStatus.REVOKED ? " (revocation is final)" : ""));
        }
        Licence l = old.withStatus(to, reason, clock.instant());
        store.putLicence(l, p.userId(), old.status());
        changes.record(p.userId(), "licence." + to.name().toLowerCase(Locale.ROOT), Invalidation.of(Invalidation.Kind.LICENCE,
                Integer.toString(productId)), old.status() + " -> " + to + ": " + reason, licenceEvent(l, old.status(), reason));
        listener.licenceChanged(p.userId(), l, old.status(), reason);
        return l;
    }

    /** Who the licence history and audit trail name for licences the expiry sweep moved. */
    public static final String EXPIRY_ACTOR = "system:licence-expiry";

    /**
     * Moves every ACTIVE licence whose validUntil has passed to EXPIRED, each with a history row, an
     * audit line ({@code expired: validUntil … passed}) and the change_log row and invalidation that
     * make every verify-api instance see it within seconds. Idempotent, and safe with several issuer
     * instances sweeping at once: each move is conditional (status still ACTIVE, validUntil unchanged),
     * so exactly one sweep records it. Verification and the licence gate already treat such a licence
     * as expired from validUntil on; the sweep makes the catalogue, history and audit say so too.
     *
     * @return the number of licences this call moved
     */
    public int expireLicences() {
        Instant now = clock.instant();
        int moved = 0;
        for (Licence l : store.licences()) {
            if (l.status() != LicenceStatus.ACTIVE || l.validUntil().isAfter(now)) {
                continue;
            }
            String reason = "expired: validUntil " + l.validUntil() + " passed";
            if (store.expire(l, EXPIRY_ACTOR, reason, now)) {
                changes.record(EXPIRY_ACTOR, "licence.expired", Invalidation.of(Invalidation.Kind.LICENCE, l.productId()),
                        "ACTIVE -> EXPIRED: " + reason, licenceEvent(l.withStatus(LicenceStatus.EXPIRED, reason, now), LicenceStatus.ACTIVE, reason));
                listener.licenceChanged(EXPIRY_ACTOR, l.withStatus(LicenceStatus.EXPIRED, reason, now), LicenceStatus.ACTIVE, reason);
                moved++;
            }
        }
        return moved;
    }

    /** The ACTIVE licences whose validity ends within {@code within} from now, soonest first (renewal reminders). */
    public List<Licence> expiringWithin(java.time.Duration within) {
        Instant now = clock.instant();
        Instant until = now.plus(within);
        List<Licence> out = new ArrayList<>();
        for (Licence l : store.licences()) {
            if (l.status() == LicenceStatus.ACTIVE && l.validUntil().isAfter(now) && !l.validUntil().isAfter(until)) {
                out.add(l);
            }
        }
        out.sort(java.util.Comparator.comparing(Licence::validUntil));
        return out;
    }

    public Licence licence(Principal p, int productId) {
        Licence l = existingLicence(productId);
        Permissions.requireOwnOrHidden(p, false, l.licenseeId(), "licence of product", productId);
        return l;
    }

    public List<LicenceChange> licenceHistory(Principal p, int productId, int limit) {
        licence(p, productId);
        return store.history(productId, limit);
    }

    public Optional<Licence> findLicence(int productId) {
        return store.licence(productId);
    }

    private Licence existingLicence(int productId) {
        return store.licence(productId).orElseThrow(() -> new IssuerException.NotFound("licence of product", productId));
    }

    private static String diff(Licensee a, Licensee b) {
        List<String> fields = new ArrayList<>();
        if (!a.name().equals(b.name())) {
            fields.add("name");
        }
        if (!Objects.equals(a.nameEn(), b.nameEn())) {
            fields.add("nameEn");
        }
        if (!a.uscc().equals(b.uscc())) {
            fields.add("uscc " + a.uscc() + " -> " + b.uscc());
        }
        if (!Objects.equals(a.address(), b.address())) {
            fields.add("address");
        }
        if (!a.contacts().equals(b.contacts())) {
            fields.add("contacts");
        }
        return fields.isEmpty() ? "no change" : "changed " + String.join(", ", fields);
    }
}
