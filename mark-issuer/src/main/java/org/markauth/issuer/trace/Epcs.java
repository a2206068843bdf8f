package org.markauth.issuer.trace;

import java.util.HexFormat;
import org.markauth.sdk.mark.MarkCodec;
import org.markauth.sdk.mark.ParseResult;

/**
 * Reads the EPCs of events. Two forms identify a mark: its printed code (the HTTPS URL in the QR;
 * GS1 Digital Link URIs are valid EPCs in EPCIS 2.0, and scanners at the dock read exactly that)
 * and {@code urn:markauth:mark:<batch>:<serialhex>}. The signature of a URL is not checked here —
 * the mark must exist in the registry, which a forger cannot arrange — so a capture does not
 * depend on the trust list. The EPC is stored as sent, so export returns the caller's own form.
 */
public final class Epcs {

    private static final int MAX_LENGTH = 512;
    private final MarkCodec codec;

    public Epcs(MarkCodec codec) {
        this.codec = codec;
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
        ParseResult r = codec.parse(epc);
        if (r instanceof ParseResult.Parsed p) {
            long batch = p.mark().content().batchId();
            if (batch <= 0 || batch > Integer.MAX_VALUE) {
                throw new EpcisException("MALFORMED_EPC", "EPC '" + shorten(epc) + "' carries batch id " + batch + ", outside the issuer's range");
            }
            return new UnitRef((int) batch, p.mark().content().serial().value());
        }
        String why = r instanceof ParseResult.Malformed m ? m.reason() + " " + m.detail()
                : "host " + ((ParseResult.Foreign) r).host() + " is not the programme's";
        throw new EpcisException("MALFORMED_EPC", "EPC '" + shorten(epc) + "' is neither a mark code nor "
                + UnitRef.URN_PREFIX + "...: " + why);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
