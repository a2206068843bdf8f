package org.markauth.sdk.cli;

import java.util.Collection;
import org.markauth.sdk.verify.Verdict;

/**
 * The CLI's documented exit codes (docs/cli.md). For several inputs the worst verdict wins, in the
 * order counterfeit &gt; invalid &gt; warning &gt; genuine.
 */
public final class ExitCodes {
    /** GENUINE or SIGNATURE_VALID. */
    public static final int GENUINE = 0;
    /** FORGED, UNKNOWN_KEY, KEY_REVOKED, UNKNOWN_SERIAL, VOIDED. */
    public static final int COUNTERFEIT = 2;
    /** MALFORMED, FOREIGN (and, for scan, no QR code found). */
    public static final int INVALID = 3;
    /** The mark is real but the unit or licence needs attention: recalled, not activated, suspended … */
    public static final int WARNING = 4;
    /** The check could not be done: no trust list, unreadable file, refused trust list, I/O. */
    public static final int ERROR = 10;
    /** Wrong command-line usage. */
    public static final int USAGE = 64;

    private ExitCodes() {
    }

    public static int of(Collection<Verdict> verdicts) {
        int worst = GENUINE;
        for (Verdict v : verdicts) {
            worst = worse(worst, v.code().category().exitCode());
        }
        return worst;
    }

    /** Combines two exit codes (0, 2, 3, 4, 10), keeping the more serious; an error outranks every verdict. */
    public static int worse(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case ERROR -> 4;
            case COUNTERFEIT -> 3;
            case INVALID -> 2;
            case WARNING -> 1;
            default -> 0;
        };
    }
}
