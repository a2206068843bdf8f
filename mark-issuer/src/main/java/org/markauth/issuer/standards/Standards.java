package org.markauth.issuer.standards;

import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.registry.LicenceStatus;

/**
 * The programme's standards registry (docs/standards.md): standards, their versions with status,
 * core indicators and benchmark references, and the products certified against each version. The
 * regulator writes; the regulator and officers read. Linking a product copies the version's number,
 * title and indicators onto the product (what consumers see when they scan), through the registry,
 * so the two never disagree. Moving a version to REVISED or WITHDRAWN is shown first as its impact
 * (the licences of the products linked to it) and recorded with that list. Every change is audited
 * (entity {@code standard:<id>}) with who, when and why. Calls block on Cassandra.
 */
public final class Standards {

    /** A standard with one of its versions: what certification and supervision look up. */
    public record Entry(Standard standard, StandardVersion version) {
        public List<Indicator> indicators() {
            return version.indicators();
        }
    }

    /** A standard with all its versions, oldest first, and the products linked to them. */
    public record Detail(Standard standard, List<StandardVersion> versions, List<Affected> products) {
    }

    /** A product linked to a version, with its licence as it is now (null: never licensed). */
    public record Affected(int productId, String productName, String licenseeId, String version, String licenceNo,
                           LicenceStatus licenceStatus) {
    }

    /** What the regulator registers: the standard and its first version (a DRAFT). */
    public record NewStandard(String standardNo, String titleZh, String titleEn, String sector, String version,
                              List<Indicator> indicators, List<String> benchmarks) {
    }

    private static final int MAX_STANDARDS = 1000;

    private final StandardsStore store;
    private final Registry registry;
    private final ChangeRecorder changes;
    private final Clock clock;

    public Standards(CqlSession session, Registry registry, ChangeRecorder changes, Clock clock) {
        this.store = new StandardsStore(session);
        this.registry = registry;
        this.changes = changes;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ writes

    public Detail create(Principal p, NewStandard n) {
        Permissions.requireRole(p, "register standards", Role.REGULATOR);
        Instant now = clock.instant();
        Standard st = new Standard(Standard.idOf(StandardText.required("standardNo", n.standardNo(), 64)), n.standardNo(),
                n.titleZh(), n.titleEn(), n.sector(), now, now);
        StandardVersion v = new StandardVersion(st.standardId(), n.version(), StandardVersion.Status.DRAFT, now, null, null, null,
                null, n.indicators(), n.benchmarks());
        if (!store.insert(st)) {
            throw new IssuerException.Conflict("STANDARD_EXISTS", "standard " + st.standardId() + " (" + st.standardNo()
                    + ") is already registered; add a version to it instead");
        }
        store.insertVersion(v);
        changes.audit(p.userId(), "standard.create", entity(st.standardId()), st.standardNo() + " " + st.titleZh() + " ("
                + st.sector() + "), version " + v.version() + " with " + v.indicators().size() + " indicators");
        return detail(st);
    }

    /** Adds a DRAFT version (a revision in the making) with its own indicators and benchmarks. */
    public Detail addVersion(Principal p, String standardId, String version, List<Indicator> indicators, List<String> benchmarks) {
        Permissions.requireRole(p, "add standard versions", Role.REGULATOR);
        Standard st = existing(standardId);
        StandardVersion v = new StandardVersion(standardId, version, StandardVersion.Status.DRAFT, clock.instant(), null, null, null,
                null, indicators, benchmarks);
        if (!store.insertVersion(v)) {
            throw new IssuerException.Conflict("STANDARD_VERSION_EXISTS", "standard " + standardId + " already has version " + v.version()
                    + "; a version is written once, add a new one");
        }
        changes.audit(p.userId(), "standard.version", entity(standardId), "version " + v.version() + " (DRAFT) with "
                + v.indicators().size() + " indicators, benchmarks " + v.benchmarks());
        return detail(st);
    }

    /**
     * Moves a version to {@code to} for {@code reason}: PUBLISHED (in force), REVISED (replaced by a
     * newer version) or WITHDRAWN. Returns the licences it touches (the products linked to that
     * version), which the audit line lists too; the licences themselves are not changed here: the office
     * decides per licence (a revision usually gives the licensee a transition period).
     */
    public List<Affected> changeStatus(Principal p, String standardId, String version, StandardVersion.Status to, String reason) {
        Permissions.requireRole(p, "change a standard's status", Role.REGULATOR);
        String why = StandardText.required("reason", reason, 500);
        existing(standardId);
        StandardVersion v = version(standardId, version);
        if (!v.status().mayBecome(to)) {
            throw new IssuerException.Refused("STANDARD_TRANSITION", "version " + version + " of standard " + standardId + " is "
                    + v.status() + " and cannot become " + to + " (DRAFT → PUBLISHED | WITHDRAWN; PUBLISHED → REVISED | WITHDRAWN)");
        }
        if (to == StandardVersion.Status.PUBLISHED && v.indicators().isEmpty()) {
            throw new IssuerException.Refused("STANDARD_NO_INDICATORS", "version " + version + " of standard " + standardId
                    + " has no core indicators; a published version must say what is tested");
        }
        List<Affected> touched = affected(standardId, version);
        store.updateVersion(v.moved(to, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), why));
        changes.audit(p.userId(), "standard." + to.name().toLowerCase(java.util.Locale.ROOT), entity(standardId), "version " + version
                + " " + v.status() + " -> " + to + ": " + why + "; touches " + (touched.isEmpty() ? "no licence" : touched.stream()
                .map(a -> (a.licenceNo() == null ? "unlicensed" : a.licenceNo()) + " (product " + a.productId() + ")")
                .collect(Collectors.joining(", "))));
        return touched;
    }

    /**
     * Links a product to a PUBLISHED version and copies the version's number, title and core indicators
     * onto the product through the registry (audited there as a product update), so what consumers see
     * is the linked version's.
     */
    public Affected link(Principal p, String standardId, String version, int productId) {
        Permissions.requireRole(p, "link products to standards", Role.REGULATOR);
        Standard st = existing(standardId);
        StandardVersion v = version(standardId, version);
        if (v.status() != StandardVersion.Status.PUBLISHED) {
            throw new IssuerException.Refused("STANDARD_NOT_PUBLISHED", "version " + version + " of standard " + standardId + " is "
                    + v.status() + "; products are linked only to a PUBLISHED version");
        }
        Product pr = registry.findProduct(productId).orElseThrow(() -> new IssuerException.NotFound("product", productId));
        Map<String, String> indicators = new LinkedHashMap<>();
        v.indicators().forEach(i -> indicators.put(i.name(), i.consumerText()));
        registry.updateProduct(p, new Product.Details(pr.productId(), pr.licenseeId(), pr.name(), pr.nameEn(), pr.model(), pr.category(),
                pr.gtin(), st.standardNo(), st.titleZh(), indicators, pr.photoUrls(), pr.marketRegions()));
        Optional<StandardsStore.Link> previous = store.linkOf(productId)
                .map(x -> new StandardsStore.Link(x[0], productId, x[1], pr.licenseeId(), null));
        store.link(new StandardsStore.Link(standardId, productId, version, pr.licenseeId(), clock.instant()), previous);
        changes.audit(p.userId(), "standard.link", entity(standardId), "product " + productId + " (" + pr.name() + ", licensee "
                + pr.licenseeId() + ") linked to version " + version + previous.map(x -> ", was " + x.standardId() + " " + x.version()).orElse(""));
        return affected(new StandardsStore.Link(standardId, productId, version, pr.licenseeId(), null));
    }

    // ------------------------------------------------------------------ reads

    public List<Standard> list(Principal p) {
        requireRead(p);
        return store.standards(MAX_STANDARDS);
    }

    public Detail detail(Principal p, String standardId) {
        requireRead(p);
        return detail(existing(standardId));
    }

    /** The licences moving {@code version} (all versions: null) would touch, before the move is confirmed. */
    public List<Affected> impact(Principal p, String standardId, String version) {
        requireRead(p);
        existing(standardId);
        if (version != null) {
            version(standardId, version);
        }
        return affected(standardId, version);
    }

    /** A standard by its number and version ("T/FSBZ 001-2026", "2026"), for services that checked their caller. */
    public Optional<Entry> find(String standardNo, String version) {
        if (standardNo == null || version == null || standardNo.isBlank()) {
            return Optional.empty();
        }
        String id;
        try {
            id = Standard.idOf(standardNo);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return store.standard(id).filter(s -> s.standardNo().equals(standardNo.strip())).flatMap(s -> store.versions(id).stream()
                .filter(v -> v.version().equals(version.strip())).findFirst().map(v -> new Entry(s, v)));
    }

    /** Every PUBLISHED version of every standard, numbers in order (what an applicant may pick), for services that checked their caller. */
    public List<Entry> published() {
        List<Entry> out = new java.util.ArrayList<>();
        for (Standard s : store.standards(MAX_STANDARDS)) {
            store.versions(s.standardId()).stream().filter(v -> v.status() == StandardVersion.Status.PUBLISHED)
                    .forEach(v -> out.add(new Entry(s, v)));
        }
        out.sort(java.util.Comparator.comparing((Entry e) -> e.standard().standardNo()).thenComparing(e -> e.version().version()));
        return out;
    }

    /** The core indicators of a version, empty when there is no such standard version. */
    public List<Indicator> indicators(String standardNo, String version) {
        return find(standardNo, version).map(Entry::indicators).orElse(List.of());
    }

    /** The standard version a product is linked to, if any. */
    public Optional<Entry> linkOf(int productId) {
        return store.linkOf(productId).flatMap(x -> store.standard(x[0]).flatMap(s -> store.versions(x[0]).stream()
                .filter(v -> v.version().equals(x[1])).findFirst().map(v -> new Entry(s, v))));
    }

    private Detail detail(Standard st) {
        return new Detail(st, store.versions(st.standardId()), affected(st.standardId(), null));
    }

    private List<Affected> affected(String standardId, String version) {
        List<Affected> out = new ArrayList<>();
        for (StandardsStore.Link l : store.links(standardId)) {
            if (version == null || version.equals(l.version())) {
                out.add(affected(l));
            }
        }
        return out;
    }

    private Affected affected(StandardsStore.Link l) {
        Optional<Product> pr = registry.findProduct(l.productId());
        Optional<Licence> lic = registry.findLicence(l.productId());
        return new Affected(l.productId(), pr.map(Product::name).orElse("?"), l.licenseeId(), l.version(),
                lic.map(Licence::licenceNo).orElse(null), lic.map(x -> x.effectiveStatus(clock.instant())).orElse(null));
    }

    private Standard existing(String id) {
        return store.standard(id).orElseThrow(() -> new IssuerException.NotFound("standard", id));
    }

    private StandardVersion version(String standardId, String version) {
        return store.versions(standardId).stream().filter(v -> v.version().equals(version)).findFirst()
                .orElseThrow(() -> new IssuerException.NotFound("version of standard " + standardId, version));
    }

    private static void requireRead(Principal p) {
        Permissions.requireRole(p, "read the standards registry", Role.REGULATOR, Role.OFFICER);
    }

    static String entity(String standardId) {
        return "standard:" + standardId;
    }
}
