package org.markauth.issuer.certification;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.registry.ObjectionText;

/**
 * The certification tables of V024. An application's state moves by lightweight transaction on
 * its current state ({@link #move}); its per-state index row moves in the same call. What the
 * applicant declared is kept as JSON (licensee_json, product_json): it becomes registry records
 * only at activation, and the registry's records validate it again then.
 */
final class CertificationStore {

    private static final String APP_COLS = "app_id, kind, state, state_since, licensee_id, new_licensee, licensee_json, product_json, "
            + "product_id, standard_no, standard_version, declaration_url, filed_by, filed_role, filed_at, body_id, expert_ids, decision, "
            + "decision_reason, notice_id, licence_no, note";

    private final CqlSession session;
    private final PreparedStatement insertApp;
    private final PreparedStatement selectApp;
    private final PreparedStatement selectApps;
    private final PreparedStatement byStateInsert;
    private final PreparedStatement byStateDelete;
    private final PreparedStatement byStateSelect;
    private final PreparedStatement byLicenseeInsert;
    private final PreparedStatement byLicenseeSelect;
    private final PreparedStatement moveState;
    private final PreparedStatement insertEvidence;
    private final PreparedStatement listEvidence;
    private final PreparedStatement readEvidence;
    private final PreparedStatement insertScores;
    private final PreparedStatement listScores;
    private final PreparedStatement insertExpert;
    private final PreparedStatement selectExpert;
    private final PreparedStatement allExperts;
    private final PreparedStatement insertBody;
    private final PreparedStatement selectBody;
    private final PreparedStatement allBodies;
    private final PreparedStatement insertNotice;
    private final PreparedStatement selectNotice;
    private final PreparedStatement allNotices;
    private final PreparedStatement closeNotice;
    private final PreparedStatement insertObjection;
    private final PreparedStatement listObjections;
    private final PreparedStatement oneObjection;
    private final PreparedStatement objectionStates;
    private final PreparedStatement objectionStatus;
    private final PreparedStatement extendNotice;
    private final PreparedStatement ruleObjection;
    private final PreparedStatement evidenceCount;
    private final PreparedStatement evidenceCountFromNull;
    private final PreparedStatement evidenceCountFrom;
    private final PreparedStatement openCount;
    private final PreparedStatement openCountFromNull;
    private final PreparedStatement openCountFrom;
    private final PreparedStatement byLicenseeAll;
    private final PreparedStatement appState;
    private final PreparedStatement dropEvidenceContent;

    CertificationStore(CqlSession s) {
        this.session = s;
        insertApp = s.prepare("INSERT INTO cert_apps (" + APP_COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        selectApp = s.prepare("SELECT " + APP_COLS + " FROM cert_apps WHERE app_id = ?");
        selectApps = s.prepare("SELECT " + APP_COLS + " FROM cert_apps WHERE app_id IN ?");
        byStateInsert = s.prepare("INSERT INTO cert_apps_by_state (state, app_id) VALUES (?, ?)");
        byStateDelete = s.prepare("DELETE FROM cert_apps_by_state WHERE state = ? AND app_id = ?");
        byStateSelect = s.prepare("SELECT app_id FROM cert_apps_by_state WHERE state = ? LIMIT ?");
        byLicenseeInsert = s.prepare("INSERT INTO cert_apps_by_licensee (licensee_id, app_id) VALUES (?, ?)");
        byLicenseeSelect = s.prepare("SELECT app_id FROM cert_apps_by_licensee WHERE licensee_id = ? LIMIT ?");
        moveState = s.prepare("UPDATE cert_apps SET state = ?, state_since = ?, body_id = ?, expert_ids = ?, decision = ?, "
                + "decision_reason = ?, notice_id = ?, product_id = ?, licence_no = ?, note = ? WHERE app_id = ? IF state = ?");
        insertEvidence = s.prepare("INSERT INTO cert_app_evidence (app_id, file_id, name, content_type, size, sha256, content, uploaded_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        listEvidence = s.prepare("SELECT file_id, name, content_type, size, sha256, uploaded_by FROM cert_app_evidence WHERE app_id = ?");
        readEvidence = s.prepare("SELECT content FROM cert_app_evidence WHERE app_id = ? AND file_id = ?");
        insertScores = s.prepare("INSERT INTO cert_app_scores (app_id, expert_id, scores, findings, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)");
        listScores = s.prepare("SELECT expert_id, scores, findings, recorded_by, recorded_at FROM cert_app_scores WHERE app_id = ?");
        insertExpert = s.prepare("INSERT INTO experts (expert_id, name, field, district, organisation, conflicts, active, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        selectExpert = s.prepare("SELECT expert_id, name, field, district, organisation, conflicts, active, updated_at FROM experts WHERE expert_id = ?");
        allExperts = s.prepare("SELECT expert_id, name, field, district, organisation, conflicts, active, updated_at FROM experts LIMIT 2000");
        insertBody = s.prepare("INSERT INTO cert_bodies (body_id, name, accreditation, contact, updated_at) VALUES (?, ?, ?, ?, ?)");
        selectBody = s.prepare("SELECT body_id, name, accreditation, contact, updated_at FROM cert_bodies WHERE body_id = ?");
        allBodies = s.prepare("SELECT body_id, name, accreditation, contact, updated_at FROM cert_bodies LIMIT 500");
        insertNotice = s.prepare("INSERT INTO cert_notices (bucket, notice_id, app_id, licensee_name, product_name, standard_no, "
                + "standard_version, opens_at, closes_at, status) VALUES ('all', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        selectNotice = s.prepare("SELECT notice_id, app_id, licensee_name, product_name, standard_no, standard_version, opens_at, closes_at, "
                + "status, full_refusals, last_full_at, extended_at FROM cert_notices WHERE bucket = 'all' AND notice_id = ?");
        allNotices = s.prepare("SELECT notice_id, app_id, licensee_name, product_name, standard_no, standard_version, opens_at, closes_at, "
                + "status, full_refusals, last_full_at, extended_at FROM cert_notices WHERE bucket = 'all' LIMIT ?");
        extendNotice = s.prepare("UPDATE cert_notices SET closes_at = ?, extended_at = ? WHERE bucket = 'all' AND notice_id = ?");
        closeNotice = s.prepare("UPDATE cert_notices SET status = ? WHERE bucket = 'all' AND notice_id = ?");
        insertObjection = s.prepare("INSERT INTO cert_objections (notice_id, objection_id, name, contact, text, status, text_key) "
                + "VALUES (?, ?, ?, ?, ?, 'PENDING', ?)");
        String objectionCols = "notice_id, objection_id, name, contact, text, status, ruling, ruled_by, ruled_at, client_hash, repeats, last_at";
        listObjections = s.prepare("SELECT " + objectionCols + " FROM cert_objections WHERE notice_id = ?");
        oneObjection = s.prepare("SELECT " + objectionCols + " FROM cert_objections WHERE notice_id = ? AND objection_id = ?");
        objectionStates = s.prepare("SELECT objection_id, status, client_hash, text_key FROM cert_objections WHERE notice_id = ?");
        objectionStatus = s.prepare("SELECT status FROM cert_objections WHERE notice_id = ?");
        ruleObjection = s.prepare("UPDATE cert_objections SET status = ?, ruling = ?, ruled_by = ?, ruled_at = ? "
                + "WHERE notice_id = ? AND objection_id = ? IF status = 'PENDING'");
        evidenceCount = s.prepare("SELECT evidence_count FROM cert_apps WHERE app_id = ?");
        evidenceCountFromNull = s.prepare("UPDATE cert_apps SET evidence_count = ? WHERE app_id = ? IF evidence_count = null");
        evidenceCountFrom = s.prepare("UPDATE cert_apps SET evidence_count = ? WHERE app_id = ? IF evidence_count = ?");
        openCount = s.prepare("SELECT open_count FROM cert_apps_by_licensee WHERE licensee_id = ? LIMIT 1");
        openCountFromNull = s.prepare("UPDATE cert_apps_by_licensee SET open_count = ? WHERE licensee_id = ? IF open_count = null");
        openCountFrom = s.prepare("UPDATE cert_apps_by_licensee SET open_count = ? WHERE licensee_id = ? IF open_count = ?");
        byLicenseeAll = s.prepare("SELECT app_id FROM cert_apps_by_licensee WHERE licensee_id = ?");
        appState = s.prepare("SELECT state FROM cert_apps WHERE app_id = ?");
        dropEvidenceContent = s.prepare("UPDATE cert_app_evidence SET content = null WHERE app_id = ? AND file_id = ?");
    }

    // ------------------------------------------------------------------ applications

    void insert(Application a) {
        Application.Filing f = a.filing();
        session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                insertApp.bind(a.appId(), f.renewal() ? "RENEWAL" : "NEW", a.state().name(), a.stateSince(), f.licenseeId(),
                        f.newLicensee() != null, f.newLicensee() == null ? null : licenseeJson(f.newLicensee()).encode(),
                        productJson(f.product()).encode(), f.renewalOf(), f.standardNo(), f.standardVersion(), f.declarationUrl(),
                        a.filedBy(), a.filedRole(), a.filedAt(), null, List.of(), null, null, null, null, a.note()),
                byStateInsert.bind(a.state().name(), a.appId()),
                byLicenseeInsert.bind(f.licenseeId(), a.appId())));
    }

    /** Ids here are timeuuids: one that is not time-based names nothing (and the driver would refuse to bind it). */
    private static boolean timeBased(UUID id) {
        return id != null && id.version() == 1;
    }

    Optional<Application> app(UUID id) {
        if (!timeBased(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.execute(selectApp.bind(id)).one()).map(CertificationStore::app);
    }

    /** Writes {@code to} over {@code from} if the application is still in {@code from}'s state; false if someone moved it first. */
    boolean move(Application from, Application to) {
        boolean applied = session.execute(moveState.bind(to.state().name(), to.stateSince(), to.bodyId(), to.expertIds(), to.decision(),
                to.decisionReason(), to.noticeId(), to.productId(), to.licenceNo(), to.note(), to.appId(), from.state().name())).wasApplied();
        if (applied && from.state() != to.state()) {
            session.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED, byStateDelete.bind(from.state().name(), from.appId()),
                    byStateInsert.bind(to.state().name(), to.appId())));
        }
        return applied;
    }

    List<Application> byState(AppState state, int limit) {
        return apps(session.execute(byStateSelect.bind(state.name(), limit)));
    }

    /** The licensee's newest {@code limit} applications, newest first: the index read, then the rows in one query. */
    List<Application> byLicensee(String licenseeId, int limit) {
        return apps(session.execute(byLicenseeSelect.bind(licenseeId, limit)));
    }

    /** The applications an index read names, in its order, read in one IN query per 100 (not one read per row). */
    private List<Application> apps(ResultSet index) {
        List<UUID> ids = new ArrayList<>();
        index.forEach(r -> {
            if (!r.isNull("app_id")) {   // a partition holding only its static open count has a row without an application
                ids.add(r.getUuid("app_id"));
            }
        });
        Map<UUID, Application> found = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 100) {
            for (Row r : session.execute(selectApps.bind(ids.subList(from, Math.min(ids.size(), from + 100))))) {
                Application a = app(r);
                found.put(a.appId(), a);
            }
        }
        List<Application> out = new ArrayList<>();
        ids.forEach(id -> {
            Application a = found.get(id);
            if (a != null) {
                out.add(a);
            }
        });
        return out;
    }

    private static Application app(Row r) {
        String lj = r.getString("licensee_json");
        Application.Filing f = new Application.Filing(r.getString("licensee_id"), lj == null ? null : licensee(new JsonObject(lj)),
                product(new JsonObject(r.getString("product_json"))), r.getString("standard_no"), r.getString("standard_version"),
                r.getString("declaration_url"), "RENEWAL".equals(r.getString("kind")) ? (Integer) r.getInt("product_id") : null);
        Integer productId = r.isNull("product_id") ? null : r.getInt("product_id");
        return new Application(r.getUuid("app_id"), f, AppState.valueOf(r.getString("state")), r.getInstant("state_since"),
                r.getString("filed_by"), r.getString("filed_role"), r.getInstant("filed_at"), r.getString("body_id"),
                r.getList("expert_ids", String.class), r.getString("decision"), r.getString("decision_reason"), r.getUuid("notice_id"),
                productId, r.getString("licence_no"), r.getString("note"));
    }

    static JsonObject licenseeJson(Licensee.Details d) {
        return new JsonObject().put("licenseeId", d.licenseeId()).put("name", d.name()).put("nameEn", d.nameEn()).put("uscc", d.uscc())
                .put("address", d.address()).put("contacts", new JsonObject(new LinkedHashMap<>(d.contacts() == null ? Map.of() : d.contacts())));
    }

    static Licensee.Details licensee(JsonObject j) {
        return new Licensee.Details(j.getString("licenseeId"), j.getString("name"), j.getString("nameEn"), j.getString("uscc"),
                j.getString("address"), strings(j.getJsonObject("contacts")));
    }

    static JsonObject productJson(Product.Details d) {
        return new JsonObject().put("licenseeId", d.licenseeId()).put("name", d.name()).put("nameEn", d.nameEn()).put("model", d.model())
                .put("category", d.category()).put("gtin", d.gtin()).put("standardNo", d.standardNo()).put("standardTitle", d.standardTitle())
                .put("coreIndicators", new JsonObject(new LinkedHashMap<>(d.coreIndicators() == null ? Map.of() : d.coreIndicators())))
                .put("photoUrls", new JsonArray(d.photoUrls() == null ? List.of() : List.copyOf(d.photoUrls())))
                .put("marketRegions", new JsonArray(d.marketRegions() == null ? List.of() : List.copyOf(d.marketRegions())));
    }

    static Product.Details product(JsonObject j) {
        List<String> photos = new ArrayList<>();
        j.getJsonArray("photoUrls", new JsonArray()).forEach(x -> photos.add(String.valueOf(x)));
        HashSet<String> regions = new HashSet<>();
        j.getJsonArray("marketRegions", new JsonArray()).forEach(x -> regions.add(String.valueOf(x)));
        return new Product.Details(0, j.getString("licenseeId"), j.getString("name"), j.getString("nameEn"), j.getString("model"),
                j.getString("category"), j.getString("gtin"), j.getString("standardNo"), j.getString("standardTitle"),
                strings(j.getJsonObject("coreIndicators")), photos, regions);
    }

    private static Map<String, String> strings(JsonObject j) {
        Map<String, String> m = new LinkedHashMap<>();
        if (j != null) {
            j.forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return m;
    }

    // ------------------------------------------------------------------ evidence and scores

    void insertEvidence(UUID appId, EvidenceFile f, byte[] content) {
        session.execute(insertEvidence.bind(appId, f.fileId(), f.name(), f.contentType(), f.size(), f.sha256(), ByteBuffer.wrap(content),
                f.uploadedBy()));
    }

    List<EvidenceFile> evidence(UUID appId) {
        List<EvidenceFile> out = new ArrayList<>();
        for (Row r : session.execute(listEvidence.bind(appId))) {
            UUID id = r.getUuid("file_id");
            out.add(new EvidenceFile(id, r.getString("name"), r.getString("content_type"), r.getInt("size"), r.getString("sha256"),
                    r.getString("uploaded_by"), Instant.ofEpochMilli(Uuids.unixTimestamp(id))));
        }
        return out;
    }

    Optional<byte[]> evidenceContent(UUID appId, UUID fileId) {
        if (!timeBased(fileId)) {
            return Optional.empty();
        }
        Row r = session.execute(readEvidence.bind(appId, fileId)).one();
        if (r == null || r.isNull("content")) {
            return Optional.empty();
        }
        ByteBuffer b = r.getByteBuffer("content");
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return Optional.of(out);
    }

    void insertScores(UUID appId, Scores s) {
        Map<String, Integer> m = new LinkedHashMap<>();
        s.scores().forEach((k, v) -> m.put(k.name(), v));
        session.execute(insertScores.bind(appId, s.expertId(), m, s.findings(), s.recordedBy(), s.recordedAt()));
    }

    List<Scores> scores(UUID appId) {
        List<Scores> out = new ArrayList<>();
        for (Row r : session.execute(listScores.bind(appId))) {
            EnumMap<Criterion, Integer> m = new EnumMap<>(Criterion.class);
            r.getMap("scores", String.class, Integer.class).forEach((k, v) -> m.put(Criterion.valueOf(k), v));
            out.add(new Scores(r.getString("expert_id"), m, r.getString("findings"), r.getString("recorded_by"), r.getInstant("recorded_at")));
        }
        return out;
    }

    // ------------------------------------------------------------------ experts and bodies

    void put(Expert e) {
        session.execute(insertExpert.bind(e.expertId(), e.name(), e.field(), e.district(), e.organisation(), e.conflicts(), e.active(),
                e.updatedAt()));
    }

    Optional<Expert> expert(String id) {
        return Optional.ofNullable(session.execute(selectExpert.bind(id)).one()).map(CertificationStore::expert);
    }

    List<Expert> experts() {
        List<Expert> out = new ArrayList<>();
        session.execute(allExperts.bind()).forEach(r -> out.add(expert(r)));
        out.sort(java.util.Comparator.comparing(Expert::expertId));
        return out;
    }

    private static Expert expert(Row r) {
        return new Expert(r.getString("expert_id"), r.getString("name"), r.getString("field"), r.getString("district"),
                r.getString("organisation"), r.getSet("conflicts", String.class), r.getBoolean("active"), r.getInstant("updated_at"));
    }

    void put(EvaluationBody b) {
        session.execute(insertBody.bind(b.bodyId(), b.name(), b.accreditation(), b.contact(), b.updatedAt()));
    }

    Optional<EvaluationBody> body(String id) {
        return Optional.ofNullable(session.execute(selectBody.bind(id)).one()).map(CertificationStore::body);
    }

    List<EvaluationBody> bodies() {
        List<EvaluationBody> out = new ArrayList<>();
        session.execute(allBodies.bind()).forEach(r -> out.add(body(r)));
        out.sort(java.util.Comparator.comparing(EvaluationBody::bodyId));
        return out;
    }

    private static EvaluationBody body(Row r) {
        return new EvaluationBody(r.getString("body_id"), r.getString("name"), r.getString("accreditation"), r.getString("contact"),
                r.getInstant("updated_at"));
    }

    // ------------------------------------------------------------------ evidence slots (V031)

    /**
     * Takes one of the application's {@code max} evidence slots by compare-and-set on its
     * {@code evidence_count} (V031): two uploads at once cannot both take the last one, because
     * each lightweight transaction names the count it saw. False when all are taken. A count still
     * NULL (an application filed before V031) starts from the files the application has.
     */
    boolean takeEvidenceSlot(UUID appId, int max) {
        Row row = session.execute(evidenceCount.bind(appId)).one();
        Integer seen = row == null || row.isNull("evidence_count") ? null : row.getInt("evidence_count");
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = seen == null ? evidence(appId).size() : seen;
            if (base >= max) {
                return false;
            }
            var rs = session.execute(seen == null ? evidenceCountFromNull.bind(base + 1, appId) : evidenceCountFrom.bind(base + 1, appId, seen));
            if (rs.wasApplied()) {
                return true;
            }
            Row now = rs.one();   // a refused LWT answers with the value it found
            seen = now == null || now.isNull("evidence_count") ? null : now.getInt("evidence_count");
        }
        throw new IllegalStateException("evidence count of application " + appId + " still contended after 100 compare-and-set attempts");
    }

    /** Gives back a slot {@link #takeEvidenceSlot} took, when the file it was for could not be written. */
    void releaseEvidenceSlot(UUID appId) {
        Row row = session.execute(evidenceCount.bind(appId)).one();
        for (int attempt = 0; attempt < 100 && row != null && !row.isNull("evidence_count"); attempt++) {
            int seen = row.getInt("evidence_count");
            var rs = session.execute(evidenceCountFrom.bind(Math.max(0, seen - 1), appId, seen));
            if (rs.wasApplied()) {
                return;
            }
            row = rs.one();
        }
    }

    // ------------------------------------------------------------------ open applications (V031)

    /**
     * Takes one of the licensee's {@code max} open-application places by compare-and-set on the
     * static {@code open_count} of its {@code cert_apps_by_licensee} partition (V031), as
     * {@link #takeEvidenceSlot} takes an evidence slot: of sixteen filings at once, only as many as
     * there are places pass. Returns the count taken (1..max), or -1 when all are taken. A count
     * still NULL (a licensee that filed before V031) starts from its open applications, counted once
     * over the whole partition (paged, not capped).
     */
    int takeOpenPlace(String licenseeId, int max) {
        Integer seen = openCountOf(session.execute(openCount.bind(licenseeId)).one());
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = seen == null ? countOpen(licenseeId) : seen;
            if (base >= max) {
                return -1;
            }
            var rs = session.execute(seen == null ? openCountFromNull.bind(base + 1, licenseeId) : openCountFrom.bind(base + 1, licenseeId, seen));
            if (rs.wasApplied()) {
                return base + 1;
            }
            seen = openCountOf(rs.one());   // a refused LWT answers with the value it found
        }
        throw new IllegalStateException("open-application count of licensee " + licenseeId + " still contended after 100 compare-and-set attempts");
    }

    /** Gives back a place {@link #takeOpenPlace} took: the application reached a final state, or could not be written. */
    void releaseOpenPlace(String licenseeId) {
        Row row = session.execute(openCount.bind(licenseeId)).one();
        for (int attempt = 0; attempt < 100; attempt++) {
            Integer seen = openCountOf(row);
            if (seen == null) {
                return;   // never counted: the first filing counts from the applications' states
            }
            var rs = session.execute(openCountFrom.bind(Math.max(0, seen - 1), licenseeId, seen));
            if (rs.wasApplied()) {
                return;
            }
            row = rs.one();
        }
        throw new IllegalStateException("open-application count of licensee " + licenseeId + " still contended after 100 compare-and-set attempts");
    }

    /** The licensee's open-application count as stored (null: not counted yet). */
    Integer openCount(String licenseeId) {
        return openCountOf(session.execute(openCount.bind(licenseeId)).one());
    }

    private static Integer openCountOf(Row r) {
        return r == null || r.isNull("open_count") ? null : r.getInt("open_count");
    }

    /** The licensee's applications not in a final state, all of them (the partition paged through, each state read alone). */
    private int countOpen(String licenseeId) {
        int n = 0;
        for (Row r : session.execute(byLicenseeAll.bind(licenseeId).setPageSize(500))) {
            if (r.isNull("app_id")) {
                continue;   // the partition's static row alone (its count written a moment ago, no application yet)
            }
            Row st = session.execute(appState.bind(r.getUuid("app_id"))).one();
            if (st != null && !AppState.valueOf(st.getString("state")).isFinal()) {
                n++;
            }
        }
        return n;
    }

    /** Drops the bytes of the application's evidence files; their names, types, sizes and SHA-256 stay. */
    void dropEvidenceContent(UUID appId) {
        for (EvidenceFile f : evidence(appId)) {
            session.execute(dropEvidenceContent.bind(appId, f.fileId()));
        }
    }

    // ------------------------------------------------------------------ notices and objections

    void insert(Notice n) {
        session.execute(insertNotice.bind(n.noticeId(), n.appId(), n.licenseeName(), n.productName(), n.standardNo(), n.standardVersion(),
                n.opensAt(), n.closesAt(), n.status()));
    }

    Optional<Notice> notice(UUID id) {
        if (!timeBased(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.execute(selectNotice.bind(id)).one()).map(CertificationStore::notice);
    }

    List<Notice> notices(int limit) {
        List<Notice> out = new ArrayList<>();
        session.execute(allNotices.bind(limit)).forEach(r -> out.add(notice(r)));
        return out;
    }

    void setNoticeStatus(UUID id, String status) {
        session.execute(closeNotice.bind(status, id));
    }

    void extendNotice(UUID id, Instant closesAt, Instant at) {
        session.execute(extendNotice.bind(closesAt, at, id));
    }

    private static Notice notice(Row r) {
        return new Notice(r.getUuid("notice_id"), r.getUuid("app_id"), r.getString("licensee_name"), r.getString("product_name"),
                r.getString("standard_no"), r.getString("standard_version"), r.getInstant("opens_at"), r.getInstant("closes_at"),
                r.getString("status"), r.isNull("full_refusals") ? 0 : r.getInt("full_refusals"), r.getInstant("last_full_at"),
                r.getInstant("extended_at"));
    }

    void insertObjection(UUID noticeId, UUID objectionId, String name, String contact, String text) {
        session.execute(insertObjection.bind(noticeId, objectionId, name, contact, text, ObjectionText.textKey(text)));
    }

    /** One page of a notice's objections, oldest first, and the token of the next page (null: this was the last). */
    record ObjectionPage(List<Objection> objections, String next) {
    }

    /**
     * A page of at most {@code size} objections from {@code token} (null: the first page), by the
     * driver's paging state: the office reads a flooded notice a page at a time rather than the
     * whole partition. The token is the driver's safe paging state, which refuses one made for
     * another statement or values (IllegalArgumentException: a 400 naming the parameter).
     */
    ObjectionPage objections(UUID noticeId, int size, String token) {
        BoundStatement st = listObjections.bind(noticeId).setPageSize(size);
        if (token != null) {
            try {
                st = st.setPagingState(PagingState.fromString(token), session);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("page must be the 'next' token a previous page of this notice's objections returned");
            }
        }
        ResultSet rs = session.execute(st);
        List<Objection> out = new ArrayList<>();
        var rows = rs.iterator();
        for (int left = rs.getAvailableWithoutFetching(); left > 0; left--) {    // this page only: iterating on would fetch the next
            out.add(objection(rows.next()));
        }
        PagingState next = rs.getExecutionInfo().getSafePagingState();
        return new ObjectionPage(out, next == null ? null : next.toString());
    }

    Optional<Objection> objection(UUID noticeId, UUID objectionId) {
        if (!timeBased(objectionId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.execute(oneObjection.bind(noticeId, objectionId)).one()).map(CertificationStore::objection);
    }

    /**
     * What bulk dismissal needs of an objection: id, status, client hash and the hash of its folded
     * text (V030 {@code text_key}), so a flood is matched without reading any text, name or contact.
     */
    record ObjectionState(UUID objectionId, String status, String clientHash, String textKey) {
    }

    /**
     * The notice's objections as bulk dismissal matches them, four small columns a row, paged. The
     * partition is bounded: PENDING rows by verify-api's cap, ruled ones by the office's rulings
     * (each round admits at most the cap again), and verify-api stops taking objections past
     * 20,000 rows.
     */
    List<ObjectionState> objectionStates(UUID noticeId) {
        List<ObjectionState> out = new ArrayList<>();
        for (Row r : session.execute(objectionStates.bind(noticeId).setPageSize(STATE_PAGE))) {
            out.add(new ObjectionState(r.getUuid("objection_id"), r.getString("status"), r.getString("client_hash"), r.getString("text_key")));
        }
        return out;
    }

    /** Rows per page when a notice's objections are counted or matched. */
    static final int STATE_PAGE = 1000;

    /** How many of a notice's objections await a ruling, were dismissed, were upheld. */
    record ObjectionCounts(long pending, long dismissed, long upheld) {
    }

    /**
     * Counts a notice's objections by status: one column a row (no text), paged, nothing kept but
     * three numbers, so the console, the API's notice read and activation pay little for a flooded
     * notice (bounded as {@link #objectionStates} says).
     */
    ObjectionCounts objectionCounts(UUID noticeId) {
        long pending = 0;
        long dismissed = 0;
        long upheld = 0;
        for (Row r : session.execute(objectionStatus.bind(noticeId).setPageSize(STATE_PAGE))) {
            String s = r.getString("status");
            if ("PENDING".equals(s)) {
                pending++;
            } else if ("DISMISSED".equals(s)) {
                dismissed++;
            } else if ("UPHELD".equals(s)) {
                upheld++;
            }
        }
        return new ObjectionCounts(pending, dismissed, upheld);
    }

    private static Objection objection(Row r) {
        UUID id = r.getUuid("objection_id");
        return new Objection(r.getUuid("notice_id"), id, r.getString("name"), r.getString("contact"), r.getString("text"), r.getString("status"),
                r.getString("ruling"), r.getString("ruled_by"), r.getInstant("ruled_at"), Instant.ofEpochMilli(Uuids.unixTimestamp(id)),
                r.getString("client_hash"), r.isNull("repeats") ? 1 : r.getInt("repeats"), r.getInstant("last_at"));
    }

    boolean rule(UUID noticeId, UUID objectionId, String status, String ruling, String by, Instant at) {
        return session.execute(ruleObjection.bind(status, ruling, by, at, noticeId, objectionId)).wasApplied();
    }
}
