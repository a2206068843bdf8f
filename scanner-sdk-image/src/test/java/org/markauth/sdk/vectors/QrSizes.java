package org.markauth.sdk.vectors;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.util.Base64;
import java.util.Map;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.Gtin;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;

/**
 * Measures the QR version (ECC level M) of real marks in each candidate text encoding, with ZXing's
 * encoder; the table in docs/mark-format.md comes from {@link #main}. Test scope only: the SDK core
 * never needs ZXing.
 */
public final class QrSizes {
    static final String[] HOSTS = {"MKA.CN", "MARKAUTH.CN", "VERIFY.MARKAUTH.ORG.CN"};

    private QrSizes() {
    }

    /** QR version at ECC M; {@code compact} lets ZXing mix modes (needed when '?' or '=' appear). */
    public static QRCode qr(String text, boolean compact) {
        try {
            return Encoder.encode(text, ErrorCorrectionLevel.M,
                    compact ? Map.of(EncodeHintType.QR_COMPACT, "true") : Map.of());
        } catch (WriterException e) {
            throw new IllegalStateException(e);
        }
    }

    static SignedMark mark(boolean gs1) {
        MarkKeyPair k = TestKeys.keyPair(SignatureAlgorithm.ED25519, 5);
        return MarkSigner.create(k.algorithm(), k.privateKey()).sign(new MarkContent(20260001, 3_000_000_123L,
                Serial.ofHex("9f3a61c2d4e5b708"), gs1 ? Gtin.withCheckDigit("0690123456789") : null));
    }

    /** The base45 alphabet (RFC 9285) includes space, $, %, +, / — shown for size only, not URL-safe. */
    static String base45(byte[] in) {
        String a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < in.length; i += 2) {
            if (i + 1 < in.length) {
                int n = ((in[i] & 0xFF) << 8) | (in[i + 1] & 0xFF);
                b.append(a.charAt(n % 45)).append(a.charAt(n / 45 % 45)).append(a.charAt(n / 2025));
            } else {
                int n = in[i] & 0xFF;
                b.append(a.charAt(n % 45)).append(a.charAt(n / 45));
            }
        }
        return b.toString();
    }

    static String describe(String text, boolean compact) {
        QRCode q = qr(text, compact);
        int v = q.getVersion().getVersionNumber();
        int modules = 17 + 4 * v;
        double mm = (modules + 8) * 3 / 300.0 * 25.4; // 3 printer dots per module at 300 dpi, 4-module quiet zone
        return String.format("v%d (%d modules, %.1f mm, %s, %d chars)", v, modules, mm, q.getMode(), text.length());
    }

    public static void main(String[] args) {
        SignedMark plain = mark(false);
        SignedMark gs1 = mark(true);
        byte[] record = plain.payloadBytes();
        System.out.println("| host | base32 (chosen) | base64url | base45 (not URL-safe) | GS1 DL (chosen) | GS1 all-in-AI-21 (non-conformant) |");
        System.out.println("|---|---|---|---|---|---|");
        for (String host : HOSTS) {
            String b64 = "https://" + host.toLowerCase() + "/m/" + Base64.getUrlEncoder().withoutPadding().encodeToString(record);
            String gs1AllIn21 = "HTTPS://" + host + "/01/" + gs1.content().gtin().digits() + "/21/" + gs1.payloadText();
            System.out.println("| " + host + " | " + describe(plain.toUrl(host), false) + " | " + describe(b64, false)
                    + " | " + describe("HTTPS://" + host + "/M/" + base45(record), false) + " | " + describe(gs1.toUrl(host), true)
                    + " | " + describe(gs1AllIn21, false) + " |");
        }
    }
}
