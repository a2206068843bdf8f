package org.markauth.issuer.print;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.Batches;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.image.DataMatrixRenderer;
import org.markauth.sdk.image.QrModules;
import org.markauth.sdk.image.QrRenderer;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;

/**
 * Label templates per product (V016 {@code label_templates}; {@code GET/PUT
 * /api/v1/products/{productId}/label-template}): the regulator or the owning manufacturer sets
 * one (audited, {@code product.label-template}); a product without one prints with
 * {@link LabelTemplate#standard()}. A manufacturer asking about another licensee's product is told
 * it does not exist, as everywhere else; an officer may not read or set them.
 *
 * <p>A template is refused at PUT when the QR (or, with {@code carrier: DATAMATRIX}, the Data Matrix) of the product's marks cannot fit its label at the
 * minimum module for its dpi: the size is measured on a sample mark signed with a throwaway key of
 * the issuer's algorithm, for the product's URL form (plain or GS1 Digital Link) and the largest
 * ids, so it is as long as any real mark. Before a print, {@link #job} measures the batch's own
 * first code at the requested dpi, so a ZPL or CIJ download is refused (400) before it is logged,
 * never broken off halfway.
 */
public final class LabelTemplates {

    /** A product's template as stored, or the default ({@code standard}) when it has none. */
    public record Stored(int productId, LabelTemplate template, boolean standard, Instant updatedAt, String updatedBy) {
    }

    private final CqlSession session;
    private final Registry registry;
    private final Batches batches;
    private final ChangeRecorder changes;
    private final Clock clock;
    private final SignatureAlgorithm algorithm;
    private final String markHost;
    private final QrRenderer qr = QrRenderer.create();
    private final PreparedStatement read;
    private final PreparedStatement write;

    public LabelTemplates(CqlSession session, Registry registry, Batches batches, ChangeRecorder changes, Clock clock,
                          SignatureAlgorithm algorithm, String markHost) {
        this.session = session;
        this.registry = registry;
        this.batches = batches;
        this.changes = changes;
        this.clock = clock;
        this.algorithm = algorithm;
        this.markHost = markHost;
        this.read = session.prepare("SELECT template, updated_at, updated_by FROM label_templates WHERE product_id = ?");
        this.write = session.prepare("INSERT INTO label_templates (product_id, template, updated_at, updated_by) VALUES (?, ?, ?, ?)");
    }

    /** The product's template (or the default). Blocking. */
    public Stored get(Principal p, int productId) {
        Permissions.requireRole(p, "read label templates", Role.REGULATOR, Role.MANUFACTURER);
        registry.product(p, productId);    // another licensee's product answers as a missing one
        return find(productId);
    }

    /** Replaces the product's template after checking its QR fits; audited. Blocking. */
    public Stored put(Principal p, int productId, LabelTemplate t) {
        Permissions.requireRole(p, "set label templates", Role.REGULATOR, Role.MANUFACTURER);
        Product pr = registry.findProduct(productId).orElseThrow(() -> new IssuerException.NotFound("product", productId));
        Permissions.requireOwnOrHidden(p, true, pr.licenseeId(), "product", productId);
        String sample = sampleCode(pr);
        t.placeCode(t.dpi(), sample);
        for (LabelTemplate.Column c : t.cij().columns()) {
            if (c.field() == LabelField.CODE && c.width() != 0 && c.width() < sample.length()) {
                throw new IllegalArgumentException("cij width of CODE is " + c.width() + " characters; this product's marks are "
                        + sample.length() + " long: give it " + sample.length() + " or more, or 0 (the code's length)");
            }
        }
        Instant now = clock.instant();
        session.execute(write.bind(productId, t.toJson().encode(), now, p.userId()));
        changes.audit(p.userId(), "product.label-template", "product:" + productId, t.widthMm() + " x " + t.heightMm() + " mm at "
                + t.dpi() + " dpi, lines " + t.lines() + ", cij " + t.cij().columns().stream().map(c -> c.field() + ":" + c.width()).toList());
        return new Stored(productId, t, false, now, p.userId());
    }

    /** The product's template or the default; no access check (the print route has checked the batch). Blocking. */
    public Stored find(int productId) {
        Row r = session.execute(read.bind(productId)).one();
        if (r == null) {
            return new Stored(productId, LabelTemplate.standard(), true, null, null);
        }
        return new Stored(productId, LabelTemplate.fromJson(new JsonObject(r.getString("template"))), false, r.getInstant("updated_at"),
                r.getString("updated_by"));
    }

    /**
     * What a ZPL or CIJ print of batch {@code b} from unit {@code from} needs, at {@code dpi} (null:
     * the template's). Mints unit {@code from} once to measure the batch's codes and refuses (400,
     * naming the sizes) a QR that does not fit the label at that dpi or a value wider than its
     * fixed CIJ column. Call after {@link Batches#printable}; blocking.
     */
    public LabelJob job(Principal p, Batch b, int from, Integer dpi, PrintFormat format) {
        LabelTemplate t = find(b.productId()).template();
        int d = dpi == null ? t.dpi() : dpi;
        if (!LabelTemplate.DPIS.contains(d)) {
            throw new IllegalArgumentException("dpi must be one of " + LabelTemplate.DPIS + " (the printer's resolution), got " + d);
        }
        Product product = registry.findProduct(b.productId()).orElse(null);
        String[] first = new String[1];
        int unit = Math.max(1, Math.min(from, b.quantity()));
        batches.print(p, b.batchId(), unit, unit, c -> first[0] = c.codes()[0]);
        String code = first[0];
        LabelJob job = new LabelJob(t, d, b, product, code.length());
        if (format == PrintFormat.ZPL) {
            t.placeCode(d, code);
        }
        if (format == PrintFormat.CIJ_TXT) {
            for (LabelTemplate.Column c : t.cij().columns()) {
                String widest = switch (c.field()) {
                    case CODE -> code;
                    case SERIAL -> new Serial(0).toBase32();
                    case SERIAL_HEX -> "0".repeat(16);
                    case SEQUENCE -> Integer.toString(b.quantity());
                    default -> job.constant(c.field());
                };
                int len = widest.codePointCount(0, widest.length());
                if (len > job.width(c)) {
                    throw new IllegalArgumentException("the fixed CIJ layout gives " + c.field() + " " + job.width(c) + " characters; batch "
                            + b.batchId() + " needs " + len + " ('" + widest + "'): widen the column in the product's label template");
                }
            }
        }
        return job;
    }

    /** A mark as long as any of the product's: its URL form, the largest ids and serial, a throwaway key of the issuer's algorithm. */
    String sampleCode(Product pr) {
        MarkKeyPair pair = KeyPairs.generate(algorithm);
        try {
            MarkSigner signer = MarkSigner.create(algorithm, pair.privateKey());
            try {
                return signer.sign(new MarkContent(pr.productId(), MarkContent.MAX_ID, new Serial(-1L),
                        pr.gtin() == null ? null : new Gtin(pr.gtin()))).toUrl(markHost);
            } finally {
                signer.destroy();
            }
        } finally {
            pair.destroy();
        }
    }

    /**
     * The symbol a template gives the product's marks at its dpi, for the API's answer (or why it does
     * not fit): under {@code qr} for the QR carrier (version, modules), under {@code dataMatrix} for
     * Data Matrix (rows x columns as ZPL prints it, and the smaller symbol the PDF and images draw).
     */
    /** @deprecated the answer is per carrier now; use {@link #symbol(Stored)} (the same for a QR template). */
    @Deprecated
    public JsonObject qr(Stored s) {
        return symbol(s);
    }

    public JsonObject symbol(Stored s) {
        Product pr = registry.findProduct(s.productId()).orElse(null);
        if (pr == null) {
            return null;
        }
        String sample = sampleCode(pr);
        LabelTemplate t = s.template();
        Carrier c = t.carrier();
        JsonObject j = new JsonObject();
        if (c == Carrier.QR) {
            QrModules m = qr.modules(sample);
            j.put("version", m.version()).put("modules", m.size());
        } else {
            int rows = DataMatrixRenderer.asciiEncodationSize(sample);
            j.put("rows", rows).put("columns", rows).put("imageModules", c.grid(sample).size());
        }
        j.put("minModuleMm", round(LabelTemplate.mm(c.minModuleDots(t.dpi()), t.dpi()))).put("minModuleDots", c.minModuleDots(t.dpi()));
        try {
            LabelTemplate.Layout l = t.placeCode(t.dpi(), sample);
            return j.put("fits", true).put("magnification", l.magnification()).put("moduleMm", round(l.moduleMm()))
                    .put("sideMm", round(LabelTemplate.mm(l.sideDots(), t.dpi()))).put("text", l.textBeside() ? "beside" : "below");
        } catch (IllegalArgumentException e) {
            return j.put("fits", false).put("problem", e.getMessage());
        }
    }

    private static double round(double mm) {
        return Math.round(mm * 1000) / 1000.0;
    }
}
