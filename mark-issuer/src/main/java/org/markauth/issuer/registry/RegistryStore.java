package org.markauth.issuer.registry;

import org.markauth.registry.LicenceStatus;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/** Reads and writes the registry tables of V002; no rules here, those are in {@link Registry}. */
final class RegistryStore {

    private final CqlSession session;
    private final PreparedStatement insertLicensee;
    private final PreparedStatement updateLicensee;
    private final PreparedStatement selectLicensee;
    private final PreparedStatement allLicensees;
    private final PreparedStatement claimUscc;
    private final PreparedStatement releaseUscc;
    private final PreparedStatement claimPrefix;
    private final PreparedStatement releasePrefix;
    private final PreparedStatement prefixOwner;
    private final PreparedStatement insertProductIfAbsent;
    private final PreparedStatement updateProduct;
    private final PreparedStatement selectProduct;
    private final PreparedStatement productOfLicensee;
    private final PreparedStatement productsOfLicensee;
    private final PreparedStatement insertLicence;
    private final PreparedStatement selectLicence;
    private final PreparedStatement insertHistory;
    private final PreparedStatement selectHistory;
    private final PreparedStatement allLicences;
    private final PreparedStatement expireLicence;

    RegistryStore(CqlSession s) {
        this.session = s;
        String licCols = "licensee_id, name, name_en, uscc, address, contacts, blacklisted, blacklist_reason, blacklisted_since, created_at, updated_at, "
                + "gs1_company_prefix";
        insertLicensee = s.prepare("INSERT INTO licensees (" + licCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        updateLicensee = s.prepare("INSERT INTO licensees (" + licCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        claimPrefix = s.prepare("INSERT INTO licensee_by_gs1_prefix (prefix, licensee_id) VALUES (?, ?) IF NOT EXISTS");
        releasePrefix = s.prepare("DELETE FROM licensee_by_gs1_prefix WHERE prefix = ? IF licensee_id = ?");
        prefixOwner = s.prepare("SELECT licensee_id FROM licensee_by_gs1_prefix WHERE prefix = ?");
        selectLicensee = s.prepare("SELECT " + licCols + " FROM licensees WHERE licensee_id = ?");
        allLicensees = s.prepare("SELECT " + licCols + " FROM licensees LIMIT ?");
        claimUscc = s.prepare("INSERT INTO licensee_by_uscc (uscc, licensee_id) VALUES (?, ?) IF NOT EXISTS");
        releaseUscc = s.prepare("DELETE FROM licensee_by_uscc WHERE uscc = ? IF licensee_id = ?");
        String prodCols = "product_id, licensee_id, name, name_en, model, category, gtin, standard_no, standard_title, "
                + "core_indicators, photo_urls, market_regions, created_at, updated_at";
        insertProductIfAbsent = s.prepare("INSERT INTO products (" + prodCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        updateProduct = s.prepare("INSERT INTO products (" + prodCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        selectProduct = s.prepare("SELECT " + prodCols + " FROM products WHERE product_id = ?");
        productOfLicensee = s.prepare("INSERT INTO products_by_licensee (licensee_id, product_id) VALUES (?, ?)");
        productsOfLicensee = s.prepare("SELECT product_id FROM products_by_licensee WHERE licensee_id = ?");
        String licenceCols = "product_id, licence_no, licensee_id, valid_from, valid_until, status, status_since, status_reason";
        insertLicence = s.prepare("INSERT INTO licences (" + licenceCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        selectLicence = s.prepare("SELECT " + licenceCols + " FROM licences WHERE product_id = ?");
        insertHistory = s.prepare("INSERT INTO licence_history (product_id, at, actor, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?)");
        allLicences = s.prepare("SELECT " + licenceCols + " FROM licences");
        // conditional on what the sweep saw: a second issuer instance, or a renewal in between, makes it a no-op
        expireLicence = s.prepare("UPDATE licences SET status = 'EXPIRED', status_since = ?, status_reason = ? "
                + "WHERE product_id = ? IF status = 'ACTIVE' AND valid_until = ?");
        selectHistory = s.prepare("SELECT at, actor, from_status, to_status, reason FROM licence_history WHERE product_id = ? LIMIT ?");
    }

    // ------------------------------------------------------------------ licensees

    boolean insertLicensee(Licensee l) {
        return session.execute(insertLicensee.bind(licenseeValues(l))).wasApplied();
    }

    void updateLicensee(Licensee l) {
        session.execute(updateLicensee.bind(licenseeValues(l)));
    }

    private static Object[] licenseeValues(Licensee l) {
        return new Object[] {l.licenseeId(), l.name(), l.nameEn(), l.uscc(), l.address(), l.contacts(), l.blacklisted(),
                l.blacklistReason(), l.blacklistedSince(), l.createdAt(), l.updatedAt(), l.gs1CompanyPrefix()};
    }

    /** Claims the USCC for a licensee; returns the current owner when someone else holds it. */
    Optional<String> claimUscc(String uscc, String licenseeId) {
        return claim(claimUscc, uscc, licenseeId);
    }

    /** An {@code INSERT (key, licensee_id) IF NOT EXISTS}: empty when the licensee holds the key now, else the holder. */
    private Optional<String> claim(PreparedStatement insert, String key, String licenseeId) {
        Row r = session.execute(insert.bind(key, licenseeId)).one();
        if (r.getBoolean("[applied]")) {
            return Optional.empty();
        }
        String owner = r.getString("licensee_id");
        return owner.equals(licenseeId) ? Optional.empty() : Optional.of(owner);
    }

    void releaseUscc(String uscc, String licenseeId) {
        session.execute(releaseUscc.bind(uscc, licenseeId));
    }

    Optional<Licensee> licensee(String id) {
        return Optional.ofNullable(session.execute(selectLicensee.bind(id)).one()).map(RegistryStore::licensee);
    }

    List<Licensee> licensees(int limit) {
        List<Licensee> out = new ArrayList<>();
        session.execute(allLicensees.bind(limit)).forEach(r -> out.add(licensee(r)));
        return out;
    }

    private static Licensee licensee(Row r) {
        return new Licensee(r.getString("licensee_id"), r.getString("name"), r.getString("name_en"), r.getString("uscc"),
                r.getString("address"), r.getMap("contacts", String.class, String.class),
                r.getBoolean("blacklisted"), r.getString("blacklist_reason"), r.getInstant("blacklisted_since"),
                r.getInstant("created_at"), r.getInstant("updated_at"), r.getString("gs1_company_prefix"));
    }

    /** Claims a GS1 Company Prefix for a licensee; returns the current holder when someone else holds it. */
    Optional<String> claimPrefix(String prefix, String licenseeId) {
        return claim(claimPrefix, prefix, licenseeId);
    }

    void releasePrefix(String prefix, String licenseeId) {
        session.execute(releasePrefix.bind(prefix, licenseeId));
    }

    /**
     * The registered prefixes that begin with {@code prefix} and are longer, with their owners. One read of
     * the whole prefix table: a row per licensee that registered one, read only when the office sets a prefix.
     */
    Map<String, String> longerPrefixes(String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        session.execute("SELECT prefix, licensee_id FROM licensee_by_gs1_prefix").forEach(r -> {
            String p = r.getString(0);
            if (p != null && p.length() > prefix.length() && p.startsWith(prefix)) {
                out.put(p, r.getString(1));
            }
        });
        return out;
    }

    Optional<String> prefixOwner(String prefix) {
        return Optional.ofNullable(session.execute(prefixOwner.bind(prefix)).one()).map(r -> r.getString(0));
    }

    // ------------------------------------------------------------------ products

    boolean insertProduct(Product p) {
        boolean applied = session.execute(insertProductIfAbsent.bind(productValues(p))).wasApplied();
        if (applied) {
            session.execute(productOfLicensee.bind(p.licenseeId(), p.productId()));
        }
        return applied;
    }

    void updateProduct(Product p) {
        session.execute(updateProduct.bind(productValues(p)));
    }

    private static Object[] productValues(Product p) {
        return new Object[] {p.productId(), p.licenseeId(), p.name(), p.nameEn(), p.model(), p.category(), p.gtin(),
                p.standardNo(), p.standardTitle(), p.coreIndicators(), p.photoUrls(), p.marketRegions(),
                p.createdAt(), p.updatedAt()};
    }

    Optional<Product> product(int id) {
        return Optional.ofNullable(session.execute(selectProduct.bind(id)).one()).map(r -> new Product(
                r.getInt("product_id"), r.getString("licensee_id"), r.getString("name"), r.getString("name_en"),
                r.getString("model"), r.getString("category"), r.getString("gtin"), r.getString("standard_no"),
                r.getString("standard_title"), r.getMap("core_indicators", String.class, String.class),
                r.getList("photo_urls", String.class), r.getSet("market_regions", String.class),
                r.getInstant("created_at"), r.getInstant("updated_at")));
    }

    Set<Integer> productIds(String licenseeId) {
        Set<Integer> out = new LinkedHashSet<>();
        session.execute(productsOfLicensee.bind(licenseeId)).forEach(r -> out.add(r.getInt(0)));
        return out;
    }

    // ------------------------------------------------------------------ licences

    void putLicence(Licence l, String actor, LicenceStatus from) {
        session.execute(insertLicence.bind(l.productId(), l.licenceNo(), l.licenseeId(), l.validFrom(), l.validUntil(),
                l.status().name(), l.statusSince(), l.statusReason()));
        session.execute(insertHistory.bind(l.productId(), Uuids.timeBased(), actor, from == null ? null : from.name(),
                l.status().name(), l.statusReason()));
    }

    Optional<Licence> licence(int productId) {
        return Optional.ofNullable(session.execute(selectLicence.bind(productId)).one()).map(RegistryStore::licence);
    }

    private static Licence licence(Row r) {
        return new Licence(r.getInt("product_id"), r.getString("licence_no"), r.getString("licensee_id"),
                r.getInstant("valid_from"), r.getInstant("valid_until"), LicenceStatus.valueOf(r.getString("status")),
                r.getInstant("status_since"), r.getString("status_reason"));
    }

    /**
     * Every licence, paged by the driver. One row per licensed product (thousands, not millions), read
     * by the expiry sweep on its interval only; an index by expiry day would need every grant and
     * renewal to move it, for a scan that costs seconds.
     */
    Iterable<Licence> licences() {
        return () -> StreamSupport.stream(session.execute(allLicences.bind()).spliterator(), false)
                .map(RegistryStore::licence).iterator();
    }

    /** Moves an ACTIVE licence with this validUntil to EXPIRED, with its history row; false when it changed meanwhile. */
    boolean expire(Licence l, String actor, String reason, Instant now) {
        if (!session.execute(expireLicence.bind(now, reason, l.productId(), l.validUntil())).wasApplied()) {
            return false;
        }
        session.execute(insertHistory.bind(l.productId(), Uuids.timeBased(), actor, LicenceStatus.ACTIVE.name(),
                LicenceStatus.EXPIRED.name(), reason));
        return true;
    }

    List<LicenceChange> history(int productId, int limit) {
        List<LicenceChange> out = new ArrayList<>();
        for (Row r : session.execute(selectHistory.bind(productId, limit))) {
            String from = r.getString("from_status");
            out.add(new LicenceChange(productId, Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))),
                    r.getString("actor"), from == null ? null : LicenceStatus.valueOf(from),
                    LicenceStatus.valueOf(r.getString("to_status")), r.getString("reason")));
        }
        return out;
    }
}
