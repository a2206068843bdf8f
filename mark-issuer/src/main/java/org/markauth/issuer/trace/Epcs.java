package org.markauth.issuer.trace;

import java.util.HexFormat;
import java.util.Locale;
import org.markauth.sdk.mark.MarkCodec;
import org.markauth.sdk.mark.ParseResult;

/**
 * Reads the EPCs of events. These forms identify a mark:
 * <ul>
 *   <li>its printed code (the HTTPS URL in the QR, plain or GS1 Digital Link with {@code ?M=} on the
 *       programme's host, read by {@link MarkCodec}: GS1 Digital Link URIs are valid EPCs in EPCIS 2.0,
 *       and scanners at the dock read exactly that);</li>
 *   <li>{@code urn:markauth:mark:<batch>:<serialhex>};</li>
 *   <li>its GS1 keys ({@link Gs1Keys}, resolved by {@link Gs1Marks}): the SGTIN as
 *       {@code urn:epc:id:sgtin:...} or a Digital Link on any host ({@code /01/<GTIN>/21/<serial>}), and a
 *       container's SSCC as {@code urn:epc:id:sscc:...} or {@code /00/<SSCC>}.</li>
 * </ul>
 * The signature of a URL is not checked here — the mark must exist in the registry, which a forger
 * cannot arrange — so a capture does not depend on the trust list. A printed code is stored as the
 * mark's URN ({@link #unsigned}: a signed code is counterfeiting material); any other EPC as sent, so
 * export returns the caller's own form. A GS1 key naming no programme mark is refused with
 * UNKNOWN_MARK (it could be one: the GTIN or prefix is the programme's) or FOREIGN_EPC (it cannot:
 * another serial format, an unregistered prefix, another EPC scheme).
 */
public final class Epcs {

    private static final int MAX_LENGTH = 512;
    private static final String EPC_URN = "urn:epc:id:";
    private final MarkCodec codec;
    private final Gs1Marks gs1;

    public Epcs(MarkCodec codec, Gs1Marks gs1) {
        this.codec = codec;
        this.gs1 = gs1;
    }

    public UnitRef parse(String epc) {
        if (epc == null || epc.isBlank() || epc.length() > MAX_LENGTH) {
            throw new EpcisException("MALFORMED_EPC", "an EPC must be 1-" + MAX_LENGTH + " characters");
        }
        if (epc.startsWith(UnitRef.URN_PREFIX)) {
            String[] p = epc.substring(UnitRef.URN_PREFIX.length()).split(":");
            try {
                if (p.length != 2 || p[1].length() != 16) {
                    throw new IllegalArgumentException();
                }
                return new UnitRef(Integer.parseInt(p[0]), HexFormat.fromHexDigitsToLong(p[1]));
            } catch (IllegalArgumentException e) {
                throw new EpcisException("MALFORMED_EPC", "EPC '" + epc + "' is not " + UnitRef.URN_PREFIX
                        + "<batch id>:<16 hex digits>");
            }
        }
        boolean gs1Form = Gs1Keys.looksGs1(epc);
        String lower = epc.toLowerCase(Locale.ROOT);
        if (!gs1Form && lower.startsWith(EPC_URN)) {
            throw new EpcisException("FOREIGN_EPC", "EPC '" + shorten(epc) + "' is a GS1 EPC of another scheme than SGTIN or "
                    + "SSCC: it names no programme mark");
        }
        ParseResult r = gs1Form && lower.startsWith("urn:") ? null : codec.parse(epc);
        if (r instanceof ParseResult.Parsed p) {
            // the programme's own signed code (plain, or Digital Link with ?M=): its record names the mark
            long batch = p.mark().content().batchId();
            if (batch <= 0 || batch > Integer.MAX_VALUE) {
                throw new EpcisException("MALFORMED_EPC", "EPC '" + shorten(epc) + "' carries batch id " + batch + ", outside the issuer's range");
            }
            return new UnitRef((int) batch, p.mark().content().serial().value());
        }
        if (gs1Form) {
            return gs1.resolve(Gs1Keys.parse(epc), epc);
        }
        String why = r instanceof ParseResult.Malformed m ? m.reason() + " " + m.detail()
                : "host " + ((ParseResult.Foreign) r).host() + " is not the programme's";
        throw new EpcisException("MALFORMED_EPC", "EPC '" + shorten(epc) + "' is neither a mark code, a GS1 SGTIN or SSCC nor "
                + UnitRef.URN_PREFIX + "...: " + why);
    }

    /**
     * What is stored for an EPC as sent: a programme mark's printed (signed) code becomes its
     * {@code urn:markauth:mark:} form, so no signed code is ever stored or shown to another party; any
     * other text unchanged (validation judges it later).
     */
    public String unsigned(String epc) {
        if (epc == null || epc.length() > MAX_LENGTH || !epc.contains("://")) {
            return epc;
        }
        if (codec.parse(epc) instanceof ParseResult.Parsed p) {
            long batch = p.mark().content().batchId();
            if (batch > 0 && batch <= Integer.MAX_VALUE) {
                return new UnitRef((int) batch, p.mark().content().serial().value()).urn();
            }
        }
        return epc;
    }

    /**
     * As {@link #parse}, for a read or an action on one mark: a form that names no issued mark
     * (UNKNOWN_MARK) is "not found", named as the caller wrote it, as an existing mark of another
     * licensee will be — so a GS1 key is no oracle for which serials exist.
     */
    public UnitRef parseNamed(String epc) {
        try {
            return parse(epc);
        } catch (EpcisException e) {
            if ("UNKNOWN_MARK".equals(e.code())) {
                throw new org.markauth.issuer.IssuerException.NotFound("mark", epc);
            }
            throw e;
        }
    }

    /** The programme product a GS1 product class (LGTIN, SGTIN pattern, GTIN Digital Link) names, if any. */
    public java.util.Optional<org.markauth.issuer.registry.Product> productOfClass(String epcClass) {
        return gs1.productOfClass(epcClass);
    }

    /** The GS1 forms of a mark (SGTIN URN, Digital Link, SSCC), null when it has none. */
    public Gs1Marks.Forms gs1Forms(UnitRef u) {
        return gs1.forms(u);
    }

    /** GS1 forms of many marks, each batch's GTIN and prefix read once. */
    public Gs1Marks.Former gs1Former() {
        return gs1.former();
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
