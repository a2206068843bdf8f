package org.markauth.issuer.print;

import java.util.HexFormat;
import java.util.Locale;
import org.markauth.sdk.mark.Serial;

/**
 * What a label's text line or a CIJ record's field holds (docs/print-formats.md, "Fields"). The
 * per-unit fields change from unit to unit; the others are the batch's or the product's and the
 * same in every record.
 */
public enum LabelField {
    /** The mark itself, exactly what the QR encodes (the URL). Only in CIJ records; on a ZPL label it is the QR. */
    CODE(true),
    /** The serial in base32, 13 characters, printed as on the PDF sheet: 7 + space + 6 on a label, 13 in a record. */
    SERIAL(true),
    /** The serial in hex, 16 digits, as the CSV work order has it. */
    SERIAL_HEX(true),
    /** The unit's sequence number in the batch (1..quantity); {@code #12} on a label. */
    SEQUENCE(true),
    PRODUCT(false),
    PRODUCT_EN(false),
    MODEL(false),
    GTIN(false),
    LOT(false),
    PRODUCTION_DATE(false),
    EXPIRY(false),
    BATCH(false);

    private final boolean perUnit;

    LabelField(boolean perUnit) {
        this.perUnit = perUnit;
    }

    public boolean perUnit() {
        return perUnit;
    }

    /** The field's value in a CIJ record (empty when the batch or product has none). */
    String record(LabelJob job, int seq, long serial, String code) {
        return switch (this) {
            case CODE -> code;
            case SERIAL -> new Serial(serial).toBase32();
            case SERIAL_HEX -> HexFormat.of().toHexDigits(serial);
            case SEQUENCE -> Integer.toString(seq);
            default -> job.constant(this);
        };
    }

    /** The field as a label's text line prints it. */
    String label(LabelJob job, int seq, long serial, String code) {
        return switch (this) {
            case SERIAL -> {
                String b32 = new Serial(serial).toBase32();
                yield b32.substring(0, 7) + " " + b32.substring(7);
            }
            case SEQUENCE -> "#" + seq;
            case LOT -> prefixed(zh(job) ? "批号 " : "LOT ", job.constant(this));
            case EXPIRY -> prefixed(zh(job) ? "有效期至 " : "EXP ", job.constant(this));
            case PRODUCTION_DATE -> prefixed(zh(job) ? "生产日期 " : "MFG ", job.constant(this));
            default -> record(job, seq, serial, code);
        };
    }

    private static boolean zh(LabelJob job) {
        return "zh".equals(job.template().language());
    }

    private static String prefixed(String prefix, String value) {
        return value.isEmpty() ? "" : prefix + value;
    }

    /** {@code "serial"} → SERIAL, naming the choices otherwise. */
    static LabelField parse(String name, String where) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(where + " must name a field of " + java.util.Arrays.toString(values()) + ", got '" + name + "'");
        }
    }
}
