package org.markauth.sdk.mark;

import java.util.Locale;

/**
 * Why a scanned string is not a well-formed mark. The names are stable machine codes (they appear in
 * test vectors, JSON and logs); each has a plain sentence in Chinese and English. Checked in the
 * order of docs/mark-format.md, "Rejecting bad input" (which is not the order listed here: codes are
 * append-only).
 */
public enum MalformedReason {
    EMPTY("nothing was scanned", "未读取到任何内容"),
    TOO_LONG("the scanned text is longer than " + MarkFormat.MAX_INPUT_CHARS + " characters", "扫描内容超过 " + MarkFormat.MAX_INPUT_CHARS + " 个字符"),
    BINARY("the scanned data contains control or binary characters", "扫描内容包含控制字符或二进制数据"),
    NOT_A_MARK("the text is neither a mark URL nor a mark code", "内容既不是标志网址也不是标志码"),
    NOT_HTTPS("the mark URL does not use HTTPS", "标志网址未使用 HTTPS"),
    BAD_PATH("the URL path is not a mark path", "网址路径不是标志路径"),
    BAD_ENCODING("the code contains characters outside base32", "标志码包含 base32 以外的字符"),
    BAD_LENGTH("the code has the wrong length", "标志码长度不正确"),
    UNSUPPORTED_VERSION("the mark format version is not supported", "不支持该标志格式版本"),
    UNKNOWN_ALGORITHM("the signature algorithm is unknown", "签名算法未知"),
    BAD_GTIN("the GTIN is not 14 digits with a valid check digit", "GTIN 不是 14 位数字或校验位错误"),
    BAD_SERIAL("the serial in the GS1 link is not 13 base32 characters", "GS1 链接中的序列号不是 13 位 base32 字符"),
    /** Appended (codes are append-only); checked right after BINARY. */
    INVISIBLE("the text contains an invisible or non-ASCII space character (no-break space, line separator, "
            + "zero-width or direction mark)", "内容包含不可见字符或非 ASCII 空格（不换行空格、行分隔符、零宽或方向控制字符）");

    private final String english;
    private final String chinese;

    MalformedReason(String english, String chinese) {
        this.english = english;
        this.chinese = chinese;
    }

    public String message(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? chinese : english;
    }
}
