package org.markauth.issuer.certificate;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The certificate tables (V025). Blocking: call off the event loop. */
final class CertificateStore {

    private static final String COLUMNS = "certificate_no, product_id, licensee_id, licence_no, batch_id, serial, url, "
            + "licensee_name, licensee_name_en, uscc, product_name, product_name_en, model, standard_no, standard_title, "
            + "valid_from, valid_until, issued_at, issued_by, superseded_by, superseded_at";

    private final CqlSession session;
    private final PreparedStatement claim;
    private final PreparedStatement index;
    private final PreparedStatement one;
    private final PreparedStatement ofProduct;
    private final PreparedStatement all;
    private final PreparedStatement supersede;
    private final PreparedStatement markBatch;

    CertificateStore(CqlSession session) {
        this.session = session;
        this.claim = session.prepare("INSERT INTO certificates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.index = session.prepare("INSERT INTO certificates_by_product (product_id, issued_at, certificate_no) VALUES (?, ?, ?)");
        this.one = session.prepare("SELECT " + COLUMNS + " FROM certificates WHERE certificate_no = ?");
        this.ofProduct = session.prepare("SELECT certificate_no FROM certificates_by_product WHERE product_id = ? LIMIT ?");
        // the console's list: the programme's certificates are hundreds, not millions (docs/certificates.md)
        this.all = session.prepare("SELECT " + COLUMNS + " FROM certificates LIMIT ?");
        this.supersede = session.prepare("UPDATE certificates SET superseded_by = ?, superseded_at = ? WHERE certificate_no = ?");
        this.markBatch = session.prepare("UPDATE batches SET certificate_no = ? WHERE batch_id = ?");
    }

    /** Writes the certificate unless its number is taken; the row that holds the number either way. */
    Certificate claim(Certificate c) {
        Row r = session.execute(claim.bind(c.certificateNo(), c.productId(), c.licenseeId(), c.licenceNo(), c.batchId(), c.serial(),
                c.url(), c.licenseeName(), c.licenseeNameEn(), c.uscc(), c.productName(), c.productNameEn(), c.model(),
                c.standardNo(), c.standardTitle(), c.validFrom(), c.validUntil(), c.issuedAt(), c.issuedBy(), null, null)).one();
        if (r != null && !r.getBoolean("[applied]")) {
            return of(r);
        }
        session.execute(index.bind(c.productId(), c.issuedAt(), c.certificateNo()));
        return c;
    }

    Optional<Certificate> find(String no) {
        return Optional.ofNullable(session.execute(one.bind(no)).one()).map(CertificateStore::of);
    }

    /** The product's certificates, newest first. */
    List<Certificate> ofProduct(int productId, int limit) {
        List<Certificate> out = new ArrayList<>();
        for (Row r : session.execute(ofProduct.bind(productId, limit))) {
            find(r.getString("certificate_no")).ifPresent(out::add);
        }
        return out;
    }

    /** Up to {@code limit} certificates, newest first. */
    List<Certificate> all(int limit) {
        List<Certificate> out = new ArrayList<>();
        for (Row r : session.execute(all.bind(limit))) {
            out.add(of(r));
        }
        out.sort(Comparator.comparing(Certificate::issuedAt).reversed());
        return out;
    }

    void supersede(String old, String by, Instant at) {
        session.execute(supersede.bind(by, at, old));
    }

    /** Marks the batch as a certificate's: verify-api reads the column with the batch (V025). */
    void markBatch(int batchId, String no) {
        session.execute(markBatch.bind(no, batchId));
    }

    private static Certificate of(Row r) {
        return new Certificate(r.getString("certificate_no"), r.getInt("product_id"), r.getString("licensee_id"),
                r.getString("licence_no"), r.getInt("batch_id"), r.getLong("serial"), r.getString("url"), r.getString("licensee_name"),
                r.getString("licensee_name_en"), r.getString("uscc"), r.getString("product_name"), r.getString("product_name_en"),
                r.getString("model"), r.getString("standard_no"), r.getString("standard_title"), r.getInstant("valid_from"),
                r.getInstant("valid_until"), r.getInstant("issued_at"), r.getString("issued_by"), r.getString("superseded_by"),
                r.getInstant("superseded_at"));
    }
}
