package org.markauth.verify.page;

import java.util.EnumMap;
import java.util.Map;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.http.Lang;

/**
 * What the consumer page says first, graded by verdict rather than by colour: a recall says to stop
 * using the product, a clone or a forgery says not to buy it, a licence problem says what it means for
 * the buyer. The category (colour and icon) still comes from the SDK's catalogue; the headline and the
 * advice line are the page's own, because "Warning" alone told a consumer holding a recalled product
 * nothing about what to do (recalled, suspended and not-activated shared one headline).
 *
 * <p>Every code has both sentences in both languages ({@code HeadlinesTest} checks the catalogue is
 * complete), so adding a verdict code without its words fails the build rather than showing a blank.
 */
public final class Headlines {

    /** {zh headline, en headline, zh advice, en advice} per verdict. */
    private static final Map<VerdictCode, String[]> WORDS = new EnumMap<>(VerdictCode.class);

    static {
        put(VerdictCode.GENUINE, "正品", "Genuine",
                "该标志真实有效，产品来自获得许可的生产企业。",
                "This mark is genuine and the product comes from a licensed manufacturer.");
        put(VerdictCode.SIGNATURE_VALID, "签名有效", "Signature valid",
                "标志由认证计划签发；联网后可核验召回和激活状态。",
                "The mark was issued by the programme; check again online for recalls and activation.");
        put(VerdictCode.CLONE_SUSPECTED, "疑似复制码，购买前请谨慎", "Possible copy: be careful before buying",
                "该码的扫描情况异常，可能被复制到其他商品上。请向卖家核实，或在下方举报。",
                "This code has been scanned in an unusual pattern and may have been copied onto other goods. Check with "
                        + "the seller, or report it below.");
        put(VerdictCode.CLONED, "复制码：请勿购买", "Copied code: do not buy",
                "该码已确认被复制并已封禁，贴有该码的商品很可能是假冒产品。请勿购买或使用，并在下方举报。",
                "This code has been confirmed as copied and is blocked; goods carrying it are very likely fake. Do not buy "
                        + "or use them, and report them below.");
        put(VerdictCode.NOT_ACTIVATED, "标志未激活，请向卖家核实", "Mark not activated: check with the seller",
                "该标志尚未在生产线上启用，正规商品不应带有未激活的标志。",
                "This mark was never put into use on the production line; genuine goods should not carry it.");
        put(VerdictCode.VOIDED, "作废标志：疑似假冒", "Voided mark: likely fake",
                "该标志已被生产企业作废，不应出现在任何商品上。请勿购买，并在下方举报。",
                "The manufacturer voided this mark; it should not be on any product. Do not buy it, and report it below.");
        put(VerdictCode.DECOMMISSIONED, "该产品已退出流通", "Taken out of circulation",
                "该产品已被销毁、退回或已售出使用。如果您刚在店内看到它在售，请谨慎并举报。",
                "This unit was destroyed, returned or already sold and used. If it is on sale in a shop, be careful and "
                        + "report it.");
        put(VerdictCode.RECALLED, "已召回：请停止使用", "Recalled: stop using this product",
                "该批次产品已被召回。请立即停止使用，并按下方召回公告联系生产企业退换。",
                "This batch has been recalled. Stop using the product now and follow the recall notice below to return it.");
        put(VerdictCode.LICENCE_SUSPENDED, "认证许可已暂停", "Certification licence suspended",
                "生产企业的标志使用许可目前被暂停，请留意下方说明。",
                "The manufacturer's licence to use this mark is currently suspended; see the note below.");
        put(VerdictCode.LICENCE_REVOKED, "认证许可已撤销", "Certification licence revoked",
                "生产企业已无权使用该认证标志，请谨慎购买。",
                "The manufacturer may no longer use this certification mark; be careful before buying.");
        put(VerdictCode.LICENCE_EXPIRED, "认证许可已过期", "Certification licence expired",
                "生产企业的标志使用许可已过期，请留意下方说明。",
                "The manufacturer's licence to use this mark has expired; see the note below.");
        put(VerdictCode.EXPIRED, "产品已过有效期", "Past its expiry date",
                "该产品已超过有效期，请勿使用。",
                "This product is past its expiry date; do not use it.");
        put(VerdictCode.UNKNOWN_SERIAL, "无此标志记录：疑似假冒", "No record of this mark: likely fake",
                "认证计划没有该序列号的记录。请勿购买，并在下方举报。",
                "The programme has no record of this serial. Do not buy the product, and report it below.");
        put(VerdictCode.FORGED, "伪造标志：疑似假冒", "Forged mark: likely fake",
                "该标志的签名无效，产品很可能是假冒的。请勿购买，并在下方举报。",
                "This mark's signature is not valid; the product is very likely fake. Do not buy it, and report it below.");
        put(VerdictCode.UNKNOWN_KEY, "伪造标志：疑似假冒", "Forged mark: likely fake",
                "该标志不是用认证计划的密钥签发的。请勿购买，并在下方举报。",
                "This mark was not signed with a programme key. Do not buy the product, and report it below.");
        put(VerdictCode.KEY_REVOKED, "标志不可信：疑似假冒", "Untrusted mark: likely fake",
                "签发该标志的密钥已被吊销，不能再证明产品真实。请谨慎，并在下方举报。",
                "The key that signed this mark was revoked, so it no longer proves the product is genuine. Be careful, "
                        + "and report it below.");
        put(VerdictCode.MALFORMED, "不是有效的标志码", "Not a valid mark code",
                "扫描到的内容不是认证标志。请对准包装上的认证标志二维码重新扫描。",
                "What was scanned is not a certification mark. Scan the mark's QR code on the packaging again.");
        put(VerdictCode.FOREIGN, "非认证计划的码：请勿信任", "Not a programme code: do not trust it",
                "该码指向其他网站，不是认证标志。请勿在该网站输入任何信息。",
                "This code points to another website and is not a certification mark. Do not enter anything on that site.");
    }

    private Headlines() {
    }

    private static void put(VerdictCode code, String zh, String en, String adviceZh, String adviceEn) {
        WORDS.put(code, new String[] {zh, en, adviceZh, adviceEn});
    }

    /** The page's first words for this verdict. */
    public static String headline(VerdictCode code, Lang lang) {
        return words(code)[lang == Lang.ZH ? 0 : 1];
    }

    /** What the buyer should do, in one sentence. */
    public static String advice(VerdictCode code, Lang lang) {
        return words(code)[lang == Lang.ZH ? 2 : 3];
    }

    private static String[] words(VerdictCode code) {
        String[] w = WORDS.get(code);
        if (w == null) {
            throw new IllegalStateException("no headline for verdict " + code + ": add it to Headlines");
        }
        return w;
    }
}
