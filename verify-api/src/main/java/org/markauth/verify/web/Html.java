package org.markauth.verify.web;

import org.owasp.encoder.Encode;

/**
 * Escaping and the page shell shared by the verdict page, the report pages and error pages:
 * server-rendered, no script framework, one small inline stylesheet (a slow phone gets one
 * response of a few KiB and can show it at once).
 */
public final class Html {

    static final String CSS = ""
            + "body{font:16px/1.5 system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;"
            + "background:#f4f5f7;color:#1b1f24}main{max-width:34rem;margin:0 auto;padding:1rem}"
            + ".v{border-radius:.75rem;padding:1rem 1.25rem;color:#fff;margin:0 0 1rem}"
            + ".v h1{margin:.2rem 0;font-size:1.5rem}.v p{margin:.3rem 0}.v .i{font-size:2.2rem;line-height:1}"
            + ".genuine{background:#1a7f37}.warning{background:#b35900}.counterfeit{background:#b42318}.invalid{background:#57606a}"
            + "section{background:#fff;border-radius:.75rem;padding:.75rem 1.25rem;margin:0 0 1rem}"
            + "h2{font-size:1.05rem;margin:.3rem 0}dl{margin:0}dt{color:#57606a;font-size:.85rem}dd{margin:0 0 .4rem}"
            + "label{display:block;margin:.5rem 0 .2rem}input,textarea{width:100%;box-sizing:border-box;padding:.5rem;"
            + "font:inherit;border:1px solid #c9ced6;border-radius:.4rem}button{margin-top:.75rem;padding:.6rem 1rem;"
            + "font:inherit;border:0;border-radius:.4rem;background:#0b57d0;color:#fff}"
            + "nav{display:flex;justify-content:space-between;align-items:center;margin:.25rem 0 .75rem}"
            + "nav a{color:#0b57d0}.muted{color:#57606a;font-size:.85rem}";

    private Html() {
    }

    /** Text for HTML content and quoted attribute values (OWASP encoder: {@code & < > " '}); null is empty. */
    public static String esc(String s) {
        return s == null ? "" : Encode.forHtml(s);
    }

    /** A complete document; {@code body} is trusted markup built from escaped values. */
    public static String page(String langTag, String title, String body) {
        return "<!doctype html><html lang=\"" + langTag + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + esc(title) + "</title><style>" + CSS + "</style></head><body><main>" + body
                + "</main></body></html>";
    }
}
