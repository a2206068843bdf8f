package org.markauth.issuer.certificate;

import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.activation.Activation;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.batch.Minter;
import org.markauth.issuer.batch.Minting;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.registry.CertificateStatus;
import org.markauth.registry.Invalidation;
import org.markauth.registry.LicenceStatus;

/**
 * Licence certificates (docs/certificates.md). A certificate is a mark too: its QR is one signed
 * mark of the licensed product, minted in a batch of one unit of its own (lot = the certificate
 * number, line {@value #LINE}) through the ordinary order → issue → activate path, so it is signed,
 * stored and audited like every unit, and verify-api recognises it by the batch's
 * {@code certificate_no} (V025) and answers with the certificate's page instead of a product's.
 *
 * <p><b>Idempotent by number.</b> The number is derived from the product's certificate count, and the
 * batch's idempotency key from the number, so a retried or racing issue of the same revision reuses
 * one batch and one certificate row (claimed with IF NOT EXISTS): a crash between the steps is
 * finished by issuing again. A new certificate supersedes the product's earlier ones: their rows
 * name the new number and their units are voided, so old clients see VOIDED and the certificate page
 * says "superseded by No. …".
 *
 * <p>Blocking (Cassandra): call off the event loop.
 */
public final class Certificates {

    /** The line id of every certificate batch. */
    public static final String LINE = Batches.CERTIFICATE_LINE;
    /** The refusal when the licence is not ACTIVE (HTTP 409). */
    public static final String NOT_ACTIVE = "CERTIFICATE_LICENCE_NOT_ACTIVE";
    static final int MAX_PER_PRODUCT = 100;
    static final int MAX_LIST = 500;

    /** A certificate with what it says now. */
    public record Entry(Certificate certificate, CertificateStatus status) {
    }

    /** A product whose licence is ACTIVE, with its current certificate (null when it has none): the console's issue list. */
    public record Candidate(Product product, Licensee licensee, Licence licence, Entry current) {
    }

    private final CertificateStore store;
    private final Registry registry;
    private final Batches batches;
    private final Activation activation;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final Minting minting;

    public Certificates(CqlSession session, Registry registry, Batches batches, Minting minting, Activation activation,
                        ChangeRecorder changes, Clock clock) {
        this.minting = minting;
        this.store = new CertificateStore(session);
        this.registry = registry;
        this.batches = batches;
        this.activation = activation;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * Issues the product's next certificate (the regulator only) and supersedes its earlier ones.
     *
     * @throws IssuerException.Conflict {@value #NOT_ACTIVE} (409) unless the licence is ACTIVE now and its licensee is not blacklisted
     */
    public Certificate issue(Principal p, int productId) {
        Permissions.requireRole(p, "issue licence certificates", Role.REGULATOR);
        Product product = registry.findProduct(productId).orElseThrow(() -> new IssuerException.NotFound("product", productId));
        Licensee licensee = registry.findLicensee(product.licenseeId())
                .orElseThrow(() -> new IssuerException.NotFound("licensee", product.licenseeId()));
        Instant now = clock.instant();
        Licence licence = registry.findLicence(productId).orElseThrow(() -> new IssuerException.Conflict(NOT_ACTIVE, "product "
                + productId + " has no licence; a certificate is issued only for an ACTIVE licence (grant the licence first)"));
        requireActive(licence, licensee, now);
        List<Certificate> before = store.ofProduct(productId, MAX_PER_PRODUCT);
        if (before.size() >= MAX_PER_PRODUCT - 1) {
            throw new IssuerException.Conflict("CERTIFICATE_LIMIT", "product " + productId + " already has " + before.size()
                    + " certificates, the most one product may have; ask the operator to archive old ones");
        }
        int year = LocalDate.ofInstant(now, ZoneOffset.UTC).getYear();
        String no = Certificate.number(year, productId, before.size() + 1);
        // lot and key come from the number, the date from its year: a retry of this revision is the same order
        Batch b = batches.order(p, new BatchOrder(productId, 1, no, LocalDate.of(year, 1, 1), null, LINE, Batches.CERTIFICATE_KEY_PREFIX + no))
                .batch();
        store.markBatch(b.batchId(), no);
        batches.issue(b, null, Batches.ProgressListener.none());   // one unit: minted here, not in the background queue
        activation.activateRange(p, b.batchId(), 1, 1);
        long serial;
        String url;
        // the plain form (docs/mark-format.md section 6) even for a product with a GTIN: a till must not read a
        // certificate on a wall as the product's GS1 code; the serial is the form's alike, so the unit is the one stored
        try (Minter m = minting.minters(b, null).create()) {
            serial = m.serial(1);
            url = m.code(serial);
        }
        Certificate made = store.claim(new Certificate(no, productId, product.licenseeId(), licence.licenceNo(), b.batchId(), serial,
                url, licensee.name(), licensee.nameEn(), licensee.uscc(), product.name(), product.nameEn(), product.model(),
                product.standardNo(), product.standardTitle(), licence.validFrom(), licence.validUntil(), now, p.userId(), null, null));
        if (made.issuedAt().equals(now)) {
            changes.record(p.userId(), "certificate.issue", Invalidation.of(Invalidation.Kind.BATCH, b.idText()),
                    "certificate " + no + " of product " + productId + " (licence " + licence.licenceNo() + "), batch " + b.batchId()
                            + " unit " + made.serialHex());
        }
        for (Certificate old : before) {
            if (!old.superseded() && !old.certificateNo().equals(no)) {
                supersede(p, old, no, now);
            }
        }
        return made;
    }

    private static void requireActive(Licence licence, Licensee licensee, Instant now) {
        if (licensee.blacklisted()) {
            throw new IssuerException.Conflict(NOT_ACTIVE, "licensee " + licensee.licenseeId() + " is on the quality-credit blacklist "
                    + "since " + licensee.blacklistedSince() + " (" + licensee.blacklistReason() + "); no certificate is issued for it");
        }
        LicenceStatus s = licence.effectiveStatus(now);
        if (s != LicenceStatus.ACTIVE) {
            String why = licence.status() != LicenceStatus.ACTIVE
                    ? s + " since " + licence.statusSince() + (licence.statusReason() == null ? "" : " (" + licence.statusReason() + ")")
                    : now.isBefore(licence.validFrom()) ? "not valid before " + licence.validFrom() : "EXPIRED since " + licence.validUntil();
            throw new IssuerException.Conflict(NOT_ACTIVE, "licence " + licence.licenceNo() + " of product " + licence.productId()
                    + " is " + why + "; a certificate is issued only for an ACTIVE licence");
        }
    }

    /** The old certificate names its successor, and its unit is voided (verifiers without certificate support say VOIDED). */
    private void supersede(Principal p, Certificate old, String by, Instant now) {
        store.supersede(old.certificateNo(), by, now);
        try {
            activation.voidRange(p, old.batchId(), 1, 1);
        } catch (IssuerException e) {
            // a recalled certificate batch keeps its state; the row's superseded_by already decides the certificate page
        }
        changes.audit(p.userId(), "certificate.supersede", "certificate:" + old.certificateNo(), "superseded by " + by);
    }

    /** A certificate, for the regulator and the manufacturer of its licensee (another's is answered as missing). */
    public Entry get(Principal p, String certificateNo) {
        Permissions.requireRole(p, "read licence certificates", Role.REGULATOR, Role.MANUFACTURER);
        Certificate c = find(certificateNo).orElseThrow(() -> new IssuerException.NotFound("certificate", certificateNo));
        Permissions.requireOwnOrHidden(p, false, c.licenseeId(), "certificate", certificateNo);
        return entry(c);
    }

    /** As {@link #pdf(Principal, String, String)} without a credential (the console's and portal's sessions name theirs). */
    public byte[] pdf(Principal p, String certificateNo) {
        return pdf(p, certificateNo, null);
    }

    /**
     * The certificate's A4 PDF. Its QR verifies, so the file is counterfeiting material: the regulator
     * and the licensee's manufacturer only, each download audited before it is made; a superseded
     * certificate is refused (409) with its successor's number.
     */
    public byte[] pdf(Principal p, String certificateNo, String credentialId) {
        Permissions.requirePrint(p);
        Entry e = get(p, certificateNo);
        Certificate c = e.certificate();
        if (c.superseded()) {
            throw new IssuerException.Conflict("CERTIFICATE_SUPERSEDED", "certificate " + certificateNo + " was superseded by "
                    + c.supersededBy() + " on " + c.supersededAt() + "; download " + c.supersededBy() + " instead");
        }
        changes.audit(p.userId(), "certificate.download", "certificate:" + certificateNo, "PDF of batch " + c.batchId() + " unit "
                + c.serialHex() + (credentialId == null ? "" : " via credential " + credentialId) + ", status " + e.status());
        return CertificatePdf.render(c);
    }

    /** A product's certificates, newest first. */
    public List<Entry> ofProduct(Principal p, int productId) {
        Permissions.requireRole(p, "read licence certificates", Role.REGULATOR, Role.MANUFACTURER);
        Product product = registry.findProduct(productId).orElseThrow(() -> new IssuerException.NotFound("product", productId));
        Permissions.requireOwnOrHidden(p, false, product.licenseeId(), "product", productId);
        return store.ofProduct(productId, MAX_PER_PRODUCT).stream().map(this::entry).toList();
    }

    /** A licensee's certificates (the portal), newest first per product. */
    public List<Entry> ofLicensee(Principal p, String licenseeId) {
        Permissions.requireRole(p, "read licence certificates", Role.REGULATOR, Role.MANUFACTURER);
        Permissions.requireRead(p, "certificates", licenseeId);
        List<Entry> out = new ArrayList<>();
        for (Product product : registry.findProducts(licenseeId)) {
            store.ofProduct(product.productId(), MAX_PER_PRODUCT).forEach(c -> out.add(entry(c)));
        }
        return out;
    }

    /** The programme's certificates, newest first (the regulator's console). */
    public List<Entry> all(Principal p) {
        Permissions.requireRole(p, "list every licence certificate", Role.REGULATOR);
        return store.all(MAX_LIST).stream().map(this::entry).toList();
    }

    /** Products with an ACTIVE licence and their current certificate (the console's issue list), for the regulator. */
    public List<Candidate> candidates(Principal p) {
        Permissions.requireRole(p, "issue licence certificates", Role.REGULATOR);
        Instant now = clock.instant();
        List<Candidate> out = new ArrayList<>();
        for (Licensee l : registry.licensees(p, MAX_LIST)) {
            for (Product product : registry.findProducts(l.licenseeId())) {
                Optional<Licence> licence = registry.findLicence(product.productId());
                if (licence.isEmpty() || licence.get().effectiveStatus(now) != LicenceStatus.ACTIVE || l.blacklisted()) {
                    continue;
                }
                Entry current = store.ofProduct(product.productId(), 1).stream().map(this::entry).findFirst().orElse(null);
                out.add(new Candidate(product, l, licence.get(), current));
            }
        }
        return out;
    }

    /** The certificate numbered {@code no}; empty for a text that is no certificate number (never a query). */
    public Optional<Certificate> find(String no) {
        return no != null && Certificate.NUMBER.matcher(no).matches() ? store.find(no) : Optional.empty();
    }

    /** The certificate with what it says now: registry-contract's one rule, fed from the issuer's registry. */
    private Entry entry(Certificate c) {
        Instant now = clock.instant();
        Licence licence = registry.findLicence(c.productId()).orElse(null);
        Licensee licensee = registry.findLicensee(c.licenseeId()).orElse(null);
        return new Entry(c, CertificateStatus.of(c.superseded(), licence == null ? null : licence.effectiveStatus(now),
                licensee != null && licensee.blacklisted(), c.validUntil(), now));
    }
}
