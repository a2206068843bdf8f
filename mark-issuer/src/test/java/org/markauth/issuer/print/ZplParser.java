package org.markauth.issuer.print;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A small reader of the ZPL the issuer writes, independent of {@link ZplLabels}: splits the text
 * into {@code ^XA..^XZ} labels and each label into commands at {@code ^}, and reads what a
 * printer would act on — the print width and length, the QR's magnification and error
 * correction from {@code ^BQ}, its data from the {@code ^FD} that follows (manual mode:
 * {@code MM,A<data>} or {@code MM,B<4-digit count><data>}), and every text field's data with
 * {@code ^FH_} hex escapes undone.
 */
final class ZplParser {

    record Label(int widthDots, int heightDots, int magnification, char errorCorrection, String qrData, List<String> texts,
                 String font) {
    }

    static List<Label> parse(String zpl) {
        List<Label> labels = new ArrayList<>();
        int at = 0;
        while (true) {
            int start = zpl.indexOf("^XA", at);
            if (start < 0) {
                break;
            }
            int end = zpl.indexOf("^XZ", start);
            if (end < 0) {
                throw new AssertionError("a label opened with ^XA at " + start + " is never closed by ^XZ");
            }
            labels.add(label(zpl.substring(start + 3, end)));
            at = end + 3;
        }
        if (!zpl.substring(at).isBlank()) {
            throw new AssertionError("text after the last ^XZ: " + zpl.substring(at));
        }
        return labels;
    }

    private static Label label(String body) {
        int width = -1;
        int height = -1;
        int mag = -1;
        char ecc = '?';
        String qr = null;
        String font = null;
        boolean barcode = false;
        boolean hex = false;
        List<String> texts = new ArrayList<>();
        for (String cmd : body.split("\\^")) {
            cmd = cmd.strip();
            if (cmd.isEmpty()) {
                continue;
            }
            String name = cmd.substring(0, 2);
            String args = cmd.substring(2);
            switch (name) {
                case "PW" -> width = Integer.parseInt(args);
                case "LL" -> height = Integer.parseInt(args);
                case "BQ" -> {
                    String[] a = args.split(",");
                    if (!a[0].equals("N") || !a[1].equals("2")) {
                        throw new AssertionError("^BQ must be normal orientation, model 2: ^BQ" + args);
                    }
                    mag = Integer.parseInt(a[2]);
                    barcode = true;
                }
                case "A@" -> font = args.substring(args.lastIndexOf(',') + 1);
                case "FH" -> hex = true;
                case "FD" -> {
                    if (barcode) {
                        qr = qrData(args);
                        ecc = args.charAt(0);
                        barcode = false;
                    } else {
                        texts.add(hex ? unhex(args) : args);
                    }
                }
                case "FS" -> hex = false;
                default -> { }
            }
        }
        return new Label(width, height, mag, ecc, qr, texts, font);
    }

    /** {@code MM,A<data>} or {@code MM,B0123<data>}: the error correction, manual input, the mode and the data. */
    private static String qrData(String fd) {
        if (fd.length() < 4 || fd.charAt(1) != 'M' || fd.charAt(2) != ',') {
            throw new AssertionError("^BQ data must be in manual mode, <ecc>M,<mode><data>: " + fd);
        }
        char mode = fd.charAt(3);
        if (mode == 'A') {
            return fd.substring(4);
        }
        if (mode == 'B') {
            int n = Integer.parseInt(fd.substring(4, 8));
            String data = fd.substring(8);
            if (data.getBytes(StandardCharsets.UTF_8).length != n) {
                throw new AssertionError("^BQ byte mode says " + n + " bytes, the data has " + data.length() + ": " + fd);
            }
            return data;
        }
        throw new AssertionError("unexpected QR input mode " + mode + " in " + fd);
    }

    /** ^FH_: {@code _5E} is the byte 0x5E; the rest is UTF-8 (^CI28). */
    private static String unhex(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '_') {
                b.write(HexFormat.fromHexDigits(new String(raw, i + 1, 2, StandardCharsets.US_ASCII)));
                i += 2;
            } else {
                b.write(raw[i]);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
