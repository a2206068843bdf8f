package org.markauth.sdk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.verify.Verdict;
import org.markauth.sdk.verify.VerdictCode;

/**
 * Prints verdicts for people (two or three lines each, in Chinese or English) or for machines (one
 * JSON object per line, fields listed in docs/cli.md). Shared by every CLI command that verifies.
 */
public final class VerdictPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final boolean json;
    private final Locale locale;

    public VerdictPrinter(PrintWriter out, boolean json, Locale locale) {
        this.out = out;
        this.json = json;
        this.locale = locale;
    }

    /**
     * @param source  where the verdict came from: OFFLINE, ONLINE, LOCAL or OFFLINE_FALLBACK
     * @param failure why the online check failed, or null
     */
    public void print(String input, Verdict v, String source, String failure) {
        if (json) {
            out.println(toJson(input, v, source, failure));
        } else {
            human(input, v, source, failure);
        }
        out.flush();
    }

    static String toJson(String input, Verdict v, String source, String failure) {
        ObjectNode n = JSON.createObjectNode();
        n.put("input", input.length() > 600 ? input.substring(0, 600) : input);
        n.put("code", v.code().name()); // same member name as the verify-api's JSON
        n.put("category", v.code().category().name());
        n.put("message", v.message(Locale.SIMPLIFIED_CHINESE));
        n.put("messageEn", v.message(Locale.ENGLISH));
        if (v.reason() != null) {
            n.put("reason", v.reason().name());
        }
        SignedMark m = v.mark();
        if (m != null) {
            n.put("productId", m.content().productId());
            n.put("batchId", m.content().batchId());
            n.put("serial", m.content().serial().toHex());
            n.put("keyId", m.keyId().toHex());
            n.put("algorithm", m.algorithm().name());
            if (m.content().gtin() != null) {
                n.put("gtin", m.content().gtin().digits());
            }
        }
        ObjectNode d = n.putObject("details");
        v.details().forEach(d::put);
        n.put("source", source);
        if (failure != null) {
            n.put("failure", failure);
        }
        if (v.trustListStaleSince() != null) {
            n.put("trustListStaleSince", v.trustListStaleSince().toString());
        }
        return n.toString();
    }

    private void human(String input, Verdict v, String source, String failure) {
        boolean zh = "zh".equals(locale.getLanguage());
        String mark = switch (v.code().category()) {
            case GENUINE -> "[OK]";
            case WARNING -> "[!]";
            case COUNTERFEIT -> "[FAKE]";
            case INVALID -> "[X]";
        };
        out.println(mark + " " + v.code() + "  " + v.message(locale));
        SignedMark m = v.mark();
        if (m != null) {
            String product = v.details().getOrDefault("productName", "");
            String batch = v.details().getOrDefault("batchName", "");
            out.println("    " + (zh ? "产品 " : "product ") + m.content().productId() + (product.isEmpty() ? "" : " " + product)
                    + (zh ? "  批次 " : "  batch ") + m.content().batchId() + (batch.isEmpty() ? "" : " " + batch)
                    + (zh ? "  序列号 " : "  serial ") + m.content().serial().toHex()
                    + (zh ? "  密钥 " : "  key ") + m.keyId() + " (" + m.algorithm() + ")"
                    + (m.content().gtin() == null ? "" : "  GTIN " + m.content().gtin().digits()));
            if (v.details().containsKey("scanCount")) {
                out.println("    " + (zh ? "此前核验 " : "verified before: ") + v.details().get("scanCount")
                        + (zh ? " 次，首次 " : " times, first ") + v.details().getOrDefault("firstScanAt", "?")
                        + " " + v.details().getOrDefault("firstScanPlace", ""));
            }
        }
        if (v.code() == VerdictCode.MALFORMED || v.code() == VerdictCode.FOREIGN) {
            out.println("    " + (zh ? "输入：" : "input: ") + (input.length() > 100 ? input.substring(0, 100) + "…" : input));
        }
        if ("OFFLINE_FALLBACK".equals(source)) {
            out.println("    " + (zh ? "联网核验失败，以上为离线结果：" : "online check failed, offline result shown: ") + failure);
        } else if ("OFFLINE".equals(source)) {
            out.println("    " + (zh ? "（离线核验）" : "(checked offline)"));
        }
    }
}
