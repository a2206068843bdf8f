package org.markauth.issuer.print;

import java.util.Objects;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.registry.Product;

/**
 * What a ZPL or CIJ print of one batch needs besides its codes: the product's template, the
 * printer's dpi (the template's unless the request names one), the batch and its product (for the
 * text lines and fields), and the code length CIJ's {@code CODE} width 0 stands for. Made by
 * {@link LabelTemplates#job}, which has checked the batch's QR fits and every constant field fits
 * its fixed width before the print is logged.
 *
 * @param product null when unknown (then the product's fields are empty)
 * @param codeLength the length of the batch's codes (0 when not measured)
 */
public record LabelJob(LabelTemplate template, int dpi, Batch batch, Product product, int codeLength) {

    public LabelJob {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(batch, "batch");
        if (!LabelTemplate.DPIS.contains(dpi)) {
            throw new IllegalArgumentException("dpi must be one of " + LabelTemplate.DPIS + " (the printer's resolution), got " + dpi);
        }
    }

    /** The default template at its dpi, without the product's text (for callers that have no {@link LabelTemplates}). */
    public static LabelJob standard(Batch batch) {
        return new LabelJob(LabelTemplate.standard(), LabelTemplate.standard().dpi(), batch, null, 0);
    }

    /**
     * A field that is the same on every unit of the batch, as text ("" when there is none); a control
     * character (a line break pasted into a product name) is a space, so it cannot end a CIJ record early.
     */
    String constant(LabelField f) {
        Object v = switch (f) {
            case PRODUCT -> product == null ? null : product.name();
            case PRODUCT_EN -> product == null ? null : product.nameEn();
            case MODEL -> product == null ? null : product.model();
            case GTIN -> product == null ? null : product.gtin();
            case LOT -> batch.lot();
            case PRODUCTION_DATE -> batch.productionDate();
            case EXPIRY -> batch.expiryDate();
            case BATCH -> batch.batchId();
            default -> throw new IllegalArgumentException(f + " changes from unit to unit");
        };
        return v == null ? "" : v.toString().replaceAll("\\p{Cntrl}", " ");
    }

    /** The fixed-width layout's width of a column ({@code CODE} 0 = the batch's code length). */
    int width(LabelTemplate.Column c) {
        return c.width() == 0 ? codeLength : c.width();
    }
}
