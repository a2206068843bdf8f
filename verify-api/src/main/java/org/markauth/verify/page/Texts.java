package org.markauth.verify.page;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.markauth.http.Lang;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.check.Verification;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.scan.PriorScans;
import org.markauth.verify.web.Dates;

/**
 * The sentences and labels beyond the SDK's verdict catalogue, in Chinese and English: the
 * licence note ("made while licensed; licence suspended since …"), the scan-history summary and
 * the page's labels. Dates are shown in China Standard Time, the programme's zone.
 */
public final class Texts {


    private static final Map<String, String[]> LABELS = Map.ofEntries(
            Map.entry("title", new String[] {"标志核验", "Mark check"}),
            Map.entry("product", new String[] {"产品", "Product"}),
            Map.entry("model", new String[] {"型号", "Model"}),
            Map.entry("manufacturer", new String[] {"生产企业", "Manufacturer"}),
            Map.entry("standard", new String[] {"认证标准", "Certified standard"}),
            Map.entry("indicators", new String[] {"核心指标", "Core indicators"}),
            Map.entry("licence", new String[] {"许可证", "Licence"}),
            Map.entry("lot", new String[] {"批号", "Lot"}),
            Map.entry("produced", new String[] {"生产日期", "Production date"}),
            Map.entry("expires", new String[] {"有效期至", "Expiry date"}),
            Map.entry("history", new String[] {"核验记录", "Verification history"}),
            Map.entry("recall", new String[] {"召回公告", "Recall notice"}),
            Map.entry("report", new String[] {"举报疑似假冒", "Report a suspected fake"}),
            Map.entry("where", new String[] {"购买地点", "Where you bought it"}),
            Map.entry("seller", new String[] {"销售者", "Seller"}),
            Map.entry("photo", new String[] {"照片（可选）", "Photo (optional)"}),
            Map.entry("contact", new String[] {"联系方式（可选，仅用于回访）", "Contact (optional, only to follow up)"}),
            Map.entry("send", new String[] {"提交举报", "Send report"}),
            Map.entry("thanks", new String[] {"感谢举报，监管部门已收到。编号：", "Thank you. The regulator has received your report. Reference: "}),
            Map.entry("locate", new String[] {"共享大致位置以加强核验（约 5 公里精度）", "Share your approximate location to improve the check (about 5 km)"}),
            Map.entry("back", new String[] {"返回核验结果", "Back to the result"}),
            Map.entry("status.ACTIVE", new String[] {"有效", "valid"}),
            Map.entry("status.SUSPENDED", new String[] {"已暂停", "suspended"}),
            Map.entry("status.REVOKED", new String[] {"已撤销", "revoked"}),
            Map.entry("status.EXPIRED", new String[] {"已过期", "expired"}));

    private Texts() {
    }

    public static String label(Lang lang, String key) {
        String[] v = LABELS.get(key);
        return v == null ? key : v[lang == Lang.ZH ? 0 : 1];
    }

    /** The verdict's sentence from the SDK catalogue. */
    public static String verdict(Verification v, Lang lang) {
        String m = v.code().message(lang.locale());
        if (!(v instanceof Verification.Rejected r)) {
            return m;
        }
        if (r.reason() != null) {
            m += lang == Lang.ZH ? "（" + r.reason().message(lang.locale()) + "）" : " (" + r.reason().message(lang.locale()) + ")";
        }
        if (r.host() != null) {
            m += lang == Lang.ZH ? " 网址主机：" + r.host() : " Host: " + r.host();
        }
        return m;
    }

    /** What exactly is wrong with a malformed or foreign code (its reason, the host it points to), or null. */
    public static String specifics(Verification v, Lang lang) {
        if (!(v instanceof Verification.Rejected r) || r.reason() == null && r.host() == null) {
            return null;
        }
        String reason = r.reason() == null ? "" : r.reason().message(lang.locale());
        String host = r.host() == null ? "" : (lang == Lang.ZH ? "网址主机：" : "Host: ") + r.host();
        return reason.isEmpty() || host.isEmpty() ? reason + host : reason + (lang == Lang.ZH ? "；" : "; ") + host;
    }

    /**
     * A sentence on the unit's standing beside the verdict, or null: that the registry could not be
     * reached (the verdict is the signature's alone), or, when the licence is not plainly valid, both
     * facts — whether the unit was made while the licence was valid, and its status since when.
     */
    public static String statusNote(Verification v, Lang lang) {
        if (v instanceof Verification.SignatureOnly) {
            return lang == Lang.ZH
                    ? "暂时无法查询登记信息：签名真实，但激活、召回和许可状态此刻未能核验，请稍后再扫。"
                    : "The registry could not be reached: the signature is genuine, but activation, recalls and the "
                    + "licence could not be checked just now; scan again later.";
        }
        if (!(v instanceof Verification.Checked c)) {
            return null;
        }
        String licence = c.licenceStatus();
        if (licence == null || "ACTIVE".equals(licence)) {
            return null;
        }
        String status = label(lang, "status." + licence);
        String since = day(c.product().licenceSinceAt(c.at()));
        boolean made = c.madeWhileLicensed();
        if ("EXPIRED".equals(licence)) {
            return lang == Lang.ZH ? (made ? "许可有效期内生产；" : "") + "许可已于 " + since + " 过期。"
                    : (made ? "Made while licensed; licence" : "Licence") + " expired on " + since + ".";
        }
        if (lang == Lang.ZH) {
            return (made ? "该产品生产时许可有效；" : "") + "许可自 " + since + " 起" + status
                    + (c.product().licenceStatusReason() == null ? "" : "（" + c.product().licenceStatusReason() + "）") + "。";
        }
        return (made ? "Made while licensed; " : "") + "licence " + status + " since " + since
                + (c.product().licenceStatusReason() == null ? "" : " (" + c.product().licenceStatusReason() + ")") + ".";
    }

    /** "Verified 3 times before; first on … near …; if that was not you, beware." Null if unknown. */
    public static String history(PriorScans p, Lang lang) {
        if (!p.known()) {
            return null;
        }
        if (p.count() == 0) {
            return lang == Lang.ZH ? "这是该码的首次核验。" : "This is the first verification of this code.";
        }
        String place = p.firstPlace() == null ? (lang == Lang.ZH ? "未知地点" : "an unknown place") : p.firstPlace();
        if (lang == Lang.ZH) {
            return "此前已核验 " + p.count() + " 次；首次于 " + minute(p.firstAt()) + "，地点 " + place
                    + "。如果那不是您本人，请警惕。";
        }
        return "Verified " + p.count() + (p.count() == 1 ? " time" : " times") + " before; first on " + minute(p.firstAt())
                + " near " + place + ". If that was not you, beware.";
    }

    /** A rule hit as one line for people. */
    public static String rule(RuleHit h, Lang lang) {
        if (lang == Lang.EN) {
            return h.summary();
        }
        return switch (h.rule()) {
            case TOO_MANY_SCANS -> "扫描次数异常：" + h.evidence().getValue("count") + " 次（上限 " + h.evidence().getValue("limit") + "）";
            case IMPOSSIBLE_TRAVEL -> "两次扫描相距 " + h.evidence().getValue("km") + " 公里，时间间隔不可能到达";
            case OFF_MARKET -> "扫描地 " + h.evidence().getValue("region") + " 不在该产品的销售区域内";
            case DEAD_CODE_IN_FIELD -> "已失效的码出现在市场上";
        };
    }

    public static String severityClass(VerdictCode code) {
        return code.category().name().toLowerCase(java.util.Locale.ROOT);
    }

    public static String day(Instant i) {
        return Dates.day(i);
    }

    public static String day(LocalDate d) {
        return Dates.day(d);
    }

    static String minute(Instant i) {
        return Dates.minute(i);
    }
}
