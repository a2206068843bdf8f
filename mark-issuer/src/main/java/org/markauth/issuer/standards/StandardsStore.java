package org.markauth.issuer.standards;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads and writes the standards tables of V023; no rules here, those are in {@link Standards}. */
final class StandardsStore {

    /** A product's link to a standard version. */
    record Link(String standardId, int productId, String version, String licenseeId, Instant linkedAt) {
    }

    private final CqlSession session;
    private final PreparedStatement insertStandard;
    private final PreparedStatement selectStandard;
    private final PreparedStatement allStandards;
    private final PreparedStatement insertVersion;
    private final PreparedStatement insertVersionIfAbsent;
    private final PreparedStatement selectVersions;
    private final PreparedStatement insertLink;
    private final PreparedStatement selectLinks;
    private final PreparedStatement deleteLink;
    private final PreparedStatement insertByProduct;
    private final PreparedStatement selectByProduct;

    StandardsStore(CqlSession s) {
        this.session = s;
        String cols = "standard_id, standard_no, title_zh, title_en, sector, created_at, updated_at";
        insertStandard = s.prepare("INSERT INTO standards (" + cols + ") VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        selectStandard = s.prepare("SELECT " + cols + " FROM standards WHERE standard_id = ?");
        allStandards = s.prepare("SELECT " + cols + " FROM standards LIMIT ?");
        String vcols = "standard_id, version, status, created_at, published_on, revised_on, withdrawn_on, status_reason, indicators, benchmarks";
        insertVersion = s.prepare("INSERT INTO standards_versions (" + vcols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertVersionIfAbsent = s.prepare("INSERT INTO standards_versions (" + vcols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        selectVersions = s.prepare("SELECT " + vcols + " FROM standards_versions WHERE standard_id = ?");
        insertLink = s.prepare("INSERT INTO standards_products (standard_id, product_id, version, licensee_id, linked_at) VALUES (?, ?, ?, ?, ?)");
        selectLinks = s.prepare("SELECT standard_id, product_id, version, licensee_id, linked_at FROM standards_products WHERE standard_id = ?");
        deleteLink = s.prepare("DELETE FROM standards_products WHERE standard_id = ? AND product_id = ?");
        insertByProduct = s.prepare("INSERT INTO standards_by_product (product_id, standard_id, version) VALUES (?, ?, ?)");
        selectByProduct = s.prepare("SELECT standard_id, version FROM standards_by_product WHERE product_id = ?");
    }

    boolean insert(Standard st) {
        return session.execute(insertStandard.bind(st.standardId(), st.standardNo(), st.titleZh(), st.titleEn(), st.sector(),
                st.createdAt(), st.updatedAt())).wasApplied();
    }

    Optional<Standard> standard(String id) {
        return Optional.ofNullable(session.execute(selectStandard.bind(id)).one()).map(StandardsStore::standard);
    }

    List<Standard> standards(int limit) {
        List<Standard> out = new ArrayList<>();
        session.execute(allStandards.bind(limit)).forEach(r -> out.add(standard(r)));
        out.sort(Comparator.comparing(Standard::standardId));
        return out;
    }

    private static Standard standard(Row r) {
        return new Standard(r.getString("standard_id"), r.getString("standard_no"), r.getString("title_zh"), r.getString("title_en"),
                r.getString("sector"), r.getInstant("created_at"), r.getInstant("updated_at"));
    }

    /** Writes a new version; false when the standard already has one of that name. */
    boolean insertVersion(StandardVersion v) {
        return session.execute(insertVersionIfAbsent.bind(versionValues(v))).wasApplied();
    }

    void updateVersion(StandardVersion v) {
        session.execute(insertVersion.bind(versionValues(v)));
    }

    private static Object[] versionValues(StandardVersion v) {
        JsonArray indicators = new JsonArray();
        v.indicators().forEach(i -> indicators.add(i.toJson()));
        return new Object[] {v.standardId(), v.version(), v.status().name(), v.createdAt(), v.publishedOn(), v.revisedOn(),
                v.withdrawnOn(), v.statusReason(), indicators.encode(), new JsonArray(new ArrayList<>(v.benchmarks())).encode()};
    }

    /** A standard's versions, oldest first (by when they were written). */
    List<StandardVersion> versions(String standardId) {
        List<StandardVersion> out = new ArrayList<>();
        for (Row r : session.execute(selectVersions.bind(standardId))) {
            List<Indicator> indicators = new ArrayList<>();
            new JsonArray(r.getString("indicators")).forEach(o -> indicators.add(Indicator.fromJson((JsonObject) o)));
            List<String> benchmarks = new ArrayList<>();
            new JsonArray(r.getString("benchmarks")).forEach(o -> benchmarks.add((String) o));
            out.add(new StandardVersion(r.getString("standard_id"), r.getString("version"),
                    StandardVersion.Status.valueOf(r.getString("status")), r.getInstant("created_at"), r.getLocalDate("published_on"),
                    r.getLocalDate("revised_on"), r.getLocalDate("withdrawn_on"), r.getString("status_reason"), indicators, benchmarks));
        }
        out.sort(Comparator.comparing(StandardVersion::createdAt));
        return out;
    }

    /** Links a product to a version, leaving the link of its previous standard (if another) behind. */
    void link(Link l, Optional<Link> previous) {
        previous.filter(p -> !p.standardId().equals(l.standardId())).ifPresent(p -> session.execute(deleteLink.bind(p.standardId(), p.productId())));
        session.execute(insertLink.bind(l.standardId(), l.productId(), l.version(), l.licenseeId(), l.linkedAt()));
        session.execute(insertByProduct.bind(l.productId(), l.standardId(), l.version()));
    }

    List<Link> links(String standardId) {
        List<Link> out = new ArrayList<>();
        session.execute(selectLinks.bind(standardId)).forEach(r -> out.add(new Link(r.getString("standard_id"), r.getInt("product_id"),
                r.getString("version"), r.getString("licensee_id"), r.getInstant("linked_at"))));
        return out;
    }

    /** The standard version a product is linked to (standard id, version), if any. */
    Optional<String[]> linkOf(int productId) {
        return Optional.ofNullable(session.execute(selectByProduct.bind(productId)).one())
                .map(r -> new String[] {r.getString("standard_id"), r.getString("version")});
    }
}
