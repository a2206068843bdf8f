package org.markauth.verify.trace;

import static org.markauth.verify.web.Html.esc;

import java.util.Map;
import org.markauth.http.Lang;

/**
 * The consumer page's contents section for a case or pallet: that the code marks a container,
 * how many items it holds now, and the first of them by the short form of their serial (as printed
 * on their labels) with their state, then how many more.
 */
public final class ContentsHtml {

    private static final Map<String, String[]> STATES = Map.of(
            "ACTIVE", new String[] {"有效", "valid"},
            "VOIDED", new String[] {"已作废", "voided"},
            "DECOMMISSIONED", new String[] {"已退出流通", "out of circulation"},
            "NOT_ACTIVATED", new String[] {"未激活", "not activated"},
            "RECALLED", new String[] {"已召回", "recalled"},
            "UNKNOWN_SERIAL", new String[] {"未登记", "not registered"});

    private ContentsHtml() {
    }

    /** The section, or an empty string when the item holds nothing now. */
    public static String render(Contents c, Lang lang) {
        if (c == null || c.isEmpty()) {
            return "";
        }
        boolean en = lang == Lang.EN;
        String count = c.count() + (c.more() ? "+" : "");
        StringBuilder b = new StringBuilder(256 + 64 * c.items().size());
        b.append("<section id=\"contents\" data-count=\"").append(count).append("\"><h2>")
                .append(en ? "Contents of this case" : "箱内商品").append("</h2><p>")
                .append(esc(en ? "This code marks a case or pallet. It holds " + count + (c.count() == 1 ? " item" : " items") + " now:"
                        : "此码为包装箱（箱或托盘）的标志，现内含 " + count + " 件：")).append("</p><ul>");
        for (Contents.Item i : c.items()) {
            String[] label = STATES.getOrDefault(i.state(), new String[] {i.state(), i.state()});
            b.append("<li data-state=\"").append(esc(i.state())).append("\"><code>…").append(esc(i.shortSerial()))
                    .append("</code> ").append(esc(label[en ? 1 : 0])).append("</li>");
        }
        b.append("</ul>");
        if (c.notListed() > 0) {
            String more = c.notListed() + (c.more() ? "+" : "");
            b.append("<p id=\"more\">").append(esc(en ? "and " + more + " more" : "另有 " + more + " 件")).append("</p>");
        }
        return b.append("</section>").toString();
    }
}
