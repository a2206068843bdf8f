package org.markauth.verify.report;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The photo formats a report accepts, recognised by their first bytes (never by the declared
 * content type or file name, which the client chooses): JPEG ({@code FF D8 FF}), PNG (its 8-byte
 * signature), WebP ({@code RIFF....WEBP}) and HEIC/HEIF (an ISO-BMFF {@code ftyp} box with an HEIF
 * brand, what iPhones save). The type stored with a photo, and sent back when an officer reads it,
 * is the one recognised here.
 */
public enum ImageType {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp"),
    HEIC("image/heic", "heic"),
    HEIF("image/heif", "heif");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs");
    private static final Set<String> HEIF_BRANDS = Set.of("mif1", "msf1");

    private final String mediaType;
    private final String extension;

    ImageType(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The type whose media type is {@code mediaType}, or null. */
    public static ImageType ofMediaType(String mediaType) {
        for (ImageType t : values()) {
            if (t.mediaType.equals(mediaType)) {
                return t;
            }
        }
        return null;
    }

    /** The format {@code data} starts as, or null when it is none of the accepted ones. */
    public static ImageType sniff(byte[] data) {
        if (data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (startsWith(data, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (data.length >= 12 && ascii(data, 0).equals("RIFF") && ascii(data, 8).equals("WEBP")) {
            return WEBP;
        }
        if (data.length >= 12 && ascii(data, 4).equals("ftyp")) {
            String brand = ascii(data, 8);
            if (HEIC_BRANDS.contains(brand)) {
                return HEIC;
            }
            if (HEIF_BRANDS.contains(brand)) {
                return HEIF;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        if (data.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] data, int at) {
        return new String(data, at, 4, StandardCharsets.ISO_8859_1);
    }
}
