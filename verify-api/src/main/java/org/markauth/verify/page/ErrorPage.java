package org.markauth.verify.page;

import org.markauth.http.HttpErrorCode;
import org.markauth.http.Lang;
import org.markauth.verify.web.Html;

/** verify-api's error page for browsers, in the pages' shell (the kit's renderer chooses when). */
public final class ErrorPage implements org.markauth.http.ErrorPage {

    @Override
    public String render(Lang lang, HttpErrorCode code, String message, String ref) {
        // people read the sentence; the machine code stays in an attribute (never shown), the reference is
        // what a caller quotes to support
        String html = "<section id=\"error\" data-error=\"" + code.name() + "\"><h1>" + Html.esc(message) + "</h1>"
                + (ref == null ? "" : "<p class=\"muted\">" + (lang == Lang.ZH ? "参考编号：" : "Reference: ") + ref + "</p>")
                + "</section>";
        return Html.page(lang.tag(), message, html);
    }
}
