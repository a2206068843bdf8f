package org.markauth.sdk.verify;

import java.util.Locale;

/**
 * The ONE catalogue of verdict codes used by every part of markauth (SDK, verify-api, consumer page,
 * CLI). The enum names are stable machine codes: never rename or reuse one; add new ones at the end.
 * Each has a plain sentence in Chinese and English and a {@link Category} that drives the CLI exit
 * code and the colour of the consumer page.
 *
 * <p>Offline, the SDK can only say {@link #SIGNATURE_VALID}: the mark was made by a programme key,
 * but whether the unit was activated, recalled or cloned is known only online. Only the verify-api
 * says {@link #GENUINE}.
 */
public enum VerdictCode {
    GENUINE(Category.GENUINE,
            "Genuine: this mark was issued by the programme and is in good standing.",
            "正品：该标志由认证计划签发，状态正常。"),
    SIGNATURE_VALID(Category.GENUINE,
            "The signature is valid: this mark was issued by the programme (checked offline; activation, recalls and copies are checked online).",
            "签名有效：该标志由认证计划签发（离线核验；激活、召回和复制情况需联网核验）。"),
    CLONE_SUSPECTED(Category.WARNING,
            "This code has been scanned in a suspicious pattern; it may be a copy of a genuine mark.",
            "该码的扫描记录异常，可能是正品标志的复制品。"),
    NOT_ACTIVATED(Category.WARNING,
            "This mark was issued but never activated on the production line.",
            "该标志已签发，但尚未在生产线上激活。"),
    VOIDED(Category.COUNTERFEIT,
            "This mark was voided by the manufacturer and should not be on any product.",
            "该标志已被生产企业作废，不应出现在任何产品上。"),
    DECOMMISSIONED(Category.WARNING,
            "This unit was taken out of circulation (destroyed, returned or already sold and consumed).",
            "该产品已退出流通（销毁、退回或已售出使用）。"),
    RECALLED(Category.WARNING,
            "This product batch has been recalled. Do not use it; follow the recall notice.",
            "该批次产品已被召回，请勿使用，并按召回公告处理。"),
    LICENCE_SUSPENDED(Category.WARNING,
            "The manufacturer's licence for this mark is suspended.",
            "生产企业使用该标志的许可已被暂停。"),
    LICENCE_REVOKED(Category.WARNING,
            "The manufacturer's licence for this mark has been revoked.",
            "生产企业使用该标志的许可已被撤销。"),
    EXPIRED(Category.WARNING,
            "This mark or its product has expired.",
            "该标志或产品已过有效期。"),
    UNKNOWN_SERIAL(Category.COUNTERFEIT,
            "The signature is valid but the programme has no record of this serial; treat the product as suspect.",
            "签名有效，但认证计划没有该序列号的记录，请将产品视为可疑。"),
    FORGED(Category.COUNTERFEIT,
            "Forged: the signature on this mark is not valid. The product is likely counterfeit.",
            "伪造：该标志的签名无效，产品很可能是假冒的。"),
    UNKNOWN_KEY(Category.COUNTERFEIT,
            "This mark was signed with a key the programme does not know. The product is likely counterfeit.",
            "该标志使用了认证计划未知的密钥签名，产品很可能是假冒的。"),
    KEY_REVOKED(Category.COUNTERFEIT,
            "This mark was signed with a key that has been revoked; it can no longer be trusted.",
            "该标志的签名密钥已被吊销，不能再被信任。"),
    MALFORMED(Category.INVALID,
            "This is not a valid mark code.",
            "这不是有效的标志码。"),
    FOREIGN(Category.INVALID,
            "This code does not belong to the programme: it points to another website. Do not trust it.",
            "该码不属于认证计划，它指向其他网站，请勿信任。"),
    LICENCE_EXPIRED(Category.WARNING,
            "The manufacturer's licence for this mark has expired.",
            "生产企业使用该标志的许可已过期。"),
    CLONED(Category.COUNTERFEIT,
            "This code was copied from a genuine mark and has been blocked. Do not buy or use this product.",
            "该码已被确认为复制的正品标志并已被封禁，请勿购买或使用该产品。");

    /** How a verdict should be treated; maps to the CLI exit code. */
    public enum Category {
        /** exit 0 */
        GENUINE(0),
        /** exit 4: the mark is real but something about the unit or licence needs attention */
        WARNING(4),
        /** exit 2: do not trust the product */
        COUNTERFEIT(2),
        /** exit 3: not a programme mark at all */
        INVALID(3);

        private final int exitCode;

        Category(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Category category;
    private final String english;
    private final String chinese;

    VerdictCode(Category category, String english, String chinese) {
        this.category = category;
        this.english = english;
        this.chinese = chinese;
    }

    public Category category() {
        return category;
    }

    /** The sentence in Chinese for {@code zh*} locales, else English. */
    public String message(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? chinese : english;
    }
}
