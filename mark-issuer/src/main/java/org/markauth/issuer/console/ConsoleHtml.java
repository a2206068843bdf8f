package org.markauth.issuer.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.clones.CloneRuleOverrides;
import org.markauth.issuer.recall.Recall;
import org.markauth.issuer.recall.RecallReport;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.owasp.encoder.Encode;

/**
 * The console's pages, server-rendered: plain HTML and inline SVG, no script, so they work in any
 * browser and need nothing from the internet. Every value is escaped; every form carries the
 * session's CSRF token.
 */
final class ConsoleHtml {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String CSS = "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f4f5f7}"
            + "header{background:#0b3d91;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}"
            + "header a{color:#fff;text-decoration:none}header form{margin-left:auto}main{padding:1rem;max-width:70rem}"
            + "table{border-collapse:collapse;background:#fff;width:100%}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left}"
            + "section{background:#fff;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem}input,select,textarea{font:inherit;padding:.3rem}"
            + "button{font:inherit;padding:.35rem .8rem;border:0;border-radius:.3rem;background:#0b57d0;color:#fff;cursor:pointer}"
            + ".err{background:#ffebe9;border:1px solid #ff8182;padding:.5rem;border-radius:.4rem}pre{white-space:pre-wrap;background:#f6f8fa;padding:.5rem}";

    private ConsoleHtml() {
    }

    /** Text for HTML content and quoted attribute values (OWASP encoder: {@code & < > " '}); null is empty. */
    static String esc(Object o) {
        return o == null ? "" : Encode.forHtml(o.toString());
    }

    static String time(Instant i) {
        return i == null ? "" : MINUTE.format(i.atZone(ZONE));
    }

    static String page(String title, String csrf, String body) {
        StringBuilder b = new StringBuilder(4096).append("<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append(" · markauth console</title><style>").append(CSS).append("</style></head><body>");
        if (csrf != null) {
            b.append("<header><strong>markauth 监管控制台</strong><a href=\"/console/alerts\">Alerts</a><a href=\"/console/reports\">Reports</a>")
                    .append("<a href=\"/console/map\">Hot spots</a><a href=\"/console/stats\">Statistics</a>")
                    .append("<a href=\"/console/registry\">Registry</a><a href=\"/console/recalls\">Recalls</a>")
                    .append("<a href=\"/console/blocks\">Blocks</a><a href=\"/console/rules\">Clone rules</a>")
                    .append("<form method=\"post\" action=\"/console/logout\">").append(csrfField(csrf))
                    .append("<button id=\"logout\">Log out</button></form></header>");
        }
        return b.append("<main><h1>").append(esc(title)).append("</h1>").append(body).append("</main></body></html>").toString();
    }

    static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">";
    }

    static String login(String error) {
        return page("Log in", null, (error == null ? "" : "<p class=\"err\" id=\"error\">" + esc(error) + "</p>")
                + "<section><form method=\"post\" action=\"/console/login\"><label for=\"token\">Regulator API key</label><br>"
                + "<input id=\"token\" name=\"token\" type=\"password\" size=\"44\" autocomplete=\"off\" required> "
                + "<button id=\"login\">Log in</button></form></section>");
    }

    static String error(String csrf, String message) {
        return page("Refused", csrf, "<p class=\"err\" id=\"error\">" + esc(message) + "</p><p><a href=\"javascript:history.back()\">Back</a></p>");
    }

    // ------------------------------------------------------------------ alerts

    static String alerts(String csrf, String status, List<AlertWorkflow.Alert> alerts) {
        StringBuilder b = new StringBuilder("<p>");
        for (String s : AlertWorkflow.STATUSES) {
            b.append(s.equals(status) ? "<strong>" + s + "</strong>" : "<a href=\"/console/alerts?status=" + s + "\">" + s + "</a>").append(" · ");
        }
        b.append("</p><table id=\"alerts\"><tr><th>Raised</th><th>Rule</th><th>Summary</th><th>Batch</th><th>Product</th></tr>");
        for (AlertWorkflow.Alert a : alerts) {
            b.append("<tr class=\"alert\" data-alert=\"").append(a.alertId()).append("\"><td><a href=\"/console/alerts/").append(a.alertId())
                    .append("\">").append(time(a.at())).append("</a></td><td>").append(esc(a.rule())).append("</td><td>")
                    .append(esc(a.summary())).append("</td><td>").append(esc(a.batchId())).append("</td><td>").append(esc(a.productId()))
                    .append("</td></tr>");
        }
        return page("Counterfeit alerts · " + status, csrf, b.append("</table>").toString());
    }

    static String alert(String csrf, AlertWorkflow.Alert a, List<AlertWorkflow.Move> history, Blocks.Block block) {
        StringBuilder b = new StringBuilder("<section><dl>");
        b.append("<dt>Status</dt><dd id=\"status\">").append(esc(a.status())).append("</dd><dt>Raised</dt><dd>").append(time(a.at()))
                .append("</dd><dt>Rule</dt><dd>").append(esc(a.rule())).append("</dd><dt>Summary</dt><dd>").append(esc(a.summary()))
                .append("</dd><dt>Unit</dt><dd>batch ").append(esc(a.batchId())).append(" serial ").append(esc(a.serialHex()))
                .append("</dd><dt>Product</dt><dd>").append(esc(a.productId())).append("</dd></dl><h2>Evidence</h2><pre id=\"evidence\">")
                .append(esc(pretty(a.evidence()))).append("</pre></section>");
        if (!a.nextStatuses().isEmpty()) {
            b.append("<section><h2>Workflow</h2><form method=\"post\" action=\"/console/alerts/").append(a.alertId())
                    .append("/status\">").append(csrfField(csrf)).append("<label for=\"note\">Note</label><br>")
                    .append("<textarea id=\"note\" name=\"note\" rows=\"2\" cols=\"60\" maxlength=\"2000\"></textarea><br>");
            for (String to : new TreeSet<>(a.nextStatuses())) {
                b.append("<button name=\"to\" value=\"").append(to).append("\" id=\"to-").append(to).append("\">").append(to)
                        .append("</button> ");
            }
            b.append("</form></section>");
        }
        b.append(alertBlock(a, block));
        b.append("<section><h2>History</h2><table id=\"history\"><tr><th>When</th><th>Who</th><th>From</th><th>To</th><th>Note</th></tr>");
        for (AlertWorkflow.Move m : history) {
            b.append("<tr><td>").append(time(m.at())).append("</td><td>").append(esc(m.actor())).append("</td><td>").append(esc(m.from()))
                    .append("</td><td>").append(esc(m.to())).append("</td><td>").append(esc(m.note())).append("</td></tr>");
        }
        return page("Alert " + a.alertId(), csrf, b.append("</table></section>").toString());
    }

    /** The alert's unit: its block state and a link to block or unblock it (appended to the alert page). */
    static String alertBlock(AlertWorkflow.Alert a, Blocks.Block block) {
        if (a.batchId() == null || a.serialHex() == null) {
            return "";
        }
        String link = "/console/blocks?batchId=" + a.batchId() + "&serial=" + a.serialHex();
        return "<section><h2>Block</h2>" + blockState(block) + "<p><a id=\"block-link\" href=\"" + esc(link) + "\">Block or unblock this unit</a>"
                + " (confirming the alert blocks it: every later scan answers CLONED)</p></section>";
    }

    /** A unit's block state in one line: not blocked, BLOCKED since … by … : reason, or unblocked … */
    private static String blockState(Blocks.Block block) {
        return "<p id=\"block-state\">" + (block == null ? "not blocked"
                : (block.blocked() ? "BLOCKED since " : "unblocked ") + time(block.since()) + " by " + esc(block.actor()) + ": "
                + esc(block.reason())) + "</p>";
    }

    static String blocks(String csrf, Integer batchId, String serial, Blocks.Block block, List<Blocks.Change> history) {
        StringBuilder b = new StringBuilder("<form method=\"get\">Batch id <input name=\"batchId\" size=\"12\" value=\"")
                .append(esc(batchId)).append("\" required> serial (16 hex) <input name=\"serial\" size=\"18\" value=\"")
                .append(esc(serial)).append("\" required> <button id=\"show\">Show</button></form>")
                .append("<p>A blocked code answers CLONED to every scan (\u201ccopied from a genuine mark, do not buy\u201d) until "
                        + "it is unblocked here. verify-api also blocks a code by itself when its scans pass the product's "
                        + "block threshold (actor verify-api:auto-block).</p>");
        if (batchId == null) {
            return page("Blocked codes", csrf, b.toString());
        }
        b.append("<section>").append(blockState(block));
        String unit = "<input type=\"hidden\" name=\"batchId\" value=\"" + batchId + "\"><input type=\"hidden\" name=\"serial\" value=\""
                + esc(serial) + "\">";
        if (block != null && block.blocked()) {
            b.append("<form method=\"post\" action=\"/console/blocks/unblock\" id=\"unblock-form\">").append(csrfField(csrf)).append(unit)
                    .append("Reason <input name=\"reason\" id=\"unblock-reason\" size=\"50\" maxlength=\"500\" required> ")
                    .append("<button id=\"unblock\">Unblock</button></form>");
        } else {
            b.append("<form method=\"post\" action=\"/console/blocks\" id=\"block-form\">").append(csrfField(csrf)).append(unit)
                    .append("Reason <input name=\"reason\" id=\"block-reason\" size=\"50\" maxlength=\"500\" required> ")
                    .append("Alert id (optional) <input name=\"alertId\" size=\"36\"> <button id=\"block\">Block as cloned</button></form>");
        }
        b.append("</section><h2>History</h2><table id=\"block-history\"><tr><th>When</th><th>Action</th><th>Who</th><th>Reason</th>"
                + "<th>Alert</th></tr>");
        for (Blocks.Change c : history) {
            b.append("<tr><td>").append(time(c.at())).append("</td><td>").append(esc(c.action())).append("</td><td>")
                    .append(esc(c.actor())).append("</td><td>").append(esc(c.reason())).append("</td><td>").append(esc(c.alertId()))
                    .append("</td></tr>");
        }
        return page("Blocked codes · batch " + batchId + " serial " + serial, csrf, b.append("</table>").toString());
    }

    static String rules(String csrf, Integer productId, CloneRuleOverrides.Overrides o) {
        StringBuilder b = new StringBuilder("<form method=\"get\">Product id <input name=\"productId\" size=\"12\" value=\"")
                .append(esc(productId)).append("\" required> <button id=\"show\">Show</button></form>")
                .append("<p>Per-product thresholds of the clone rules. An empty field keeps the service default "
                        + "(verify.rules.*, docs/verify-api.md); 0 turns a rule off. Changes reach every verify-api "
                        + "instance within seconds and are audited.</p>");
        if (productId == null) {
            return page("Clone rules", csrf, b.toString());
        }
        b.append("<section><form method=\"post\" action=\"/console/rules\" id=\"rules-form\">").append(csrfField(csrf))
                .append("<input type=\"hidden\" name=\"productId\" value=\"").append(productId).append("\"><table>");
        field(b, "maxScans", "Suspect (CLONE_SUSPECTED) above this many scans", o == null ? null : o.maxScans());
        field(b, "scanWindowSeconds", "… counted while the first scan is at most this many seconds old (0 = always)",
                o == null ? null : o.scanWindowSeconds());
        field(b, "maxSpeedKmh", "Impossible travel above this speed, km/h", o == null ? null : o.maxSpeedKmh());
        field(b, "minTravelKm", "Ignore distances below, km", o == null ? null : o.minTravelKm());
        field(b, "blockThreshold", "Block (CLONED) above this many scans", o == null ? null : o.blockThreshold());
        Boolean off = o == null ? null : o.offMarket();
        b.append("<tr><td><label for=\"offMarket\">Off-market rule</label></td><td><select name=\"offMarket\" id=\"offMarket\">")
                .append("<option value=\"\"").append(off == null ? " selected" : "").append(">default</option>")
                .append("<option value=\"on\"").append(Boolean.TRUE.equals(off) ? " selected" : "").append(">on</option>")
                .append("<option value=\"off\"").append(Boolean.FALSE.equals(off) ? " selected" : "").append(">off</option>")
                .append("</select></td></tr></table><button id=\"save-rules\">Save</button></form>");
        if (o != null) {
            b.append("<p id=\"rules-updated\">Last changed ").append(time(o.updatedAt())).append(" by ").append(esc(o.updatedBy()))
                    .append("</p>");
        }
        return page("Clone rules · product " + productId, csrf, b.append("</section>").toString());
    }

    private static void field(StringBuilder b, String name, String label, Integer value) {
        b.append("<tr><td><label for=\"").append(name).append("\">").append(esc(label)).append("</label></td><td><input name=\"")
                .append(name).append("\" id=\"").append(name).append("\" inputmode=\"numeric\" size=\"10\" value=\"")
                .append(esc(value)).append("\" placeholder=\"default\"></td></tr>");
    }

    private static String pretty(String json) {
        try {
            return json == null ? "" : new io.vertx.core.json.JsonObject(json).encodePrettily();
        } catch (RuntimeException e) {
            return json;
        }
    }

    static String reports(String csrf, LocalDate day, List<ConsoleData.Report> reports) {
        StringBuilder b = new StringBuilder("<form method=\"get\"><input type=\"date\" name=\"day\" value=\"").append(day)
                .append("\"> <button>Show</button></form><table id=\"reports\"><tr><th>When</th><th>Verdict</th><th>Batch</th>"
                        + "<th>Where bought</th><th>Seller</th><th>Photo</th><th>Place</th></tr>");
        for (ConsoleData.Report r : reports) {
            b.append("<tr><td>").append(time(r.at())).append("</td><td>").append(esc(r.verdict())).append("</td><td>").append(esc(r.batchId()))
                    .append("</td><td>").append(esc(r.whereBought())).append("</td><td>").append(esc(r.seller())).append("</td><td>")
                    .append(r.hasPhoto() ? "yes" : "").append("</td><td>").append(esc(r.place())).append("</td></tr>");
        }
        return page("Consumer reports", csrf, b.append("</table>").toString());
    }

    // ------------------------------------------------------------------ map and statistics

    /** China-bounded equirectangular frame: longitude 73..135 E, latitude 18..54 N, 10 px per degree. */
    static String map(String csrf, LocalDate from, LocalDate to, List<ConsoleData.Spot> spots) {
        int w = 620;
        int h = 360;
        StringBuilder svg = new StringBuilder("<svg id=\"map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" style=\"background:#eef3fb;border:1px solid #c9d4e5\">");
        for (int lon = 80; lon <= 130; lon += 10) {
            int x = (lon - 73) * 10;
            svg.append("<line x1=\"").append(x).append("\" y1=\"0\" x2=\"").append(x).append("\" y2=\"").append(h)
                    .append("\" stroke=\"#d5deeb\"/><text x=\"").append(x + 2).append("\" y=\"").append(h - 4)
                    .append("\" font-size=\"10\" fill=\"#6b7a90\">").append(lon).append("°E</text>");
        }
        for (int lat = 20; lat <= 50; lat += 10) {
            int y = (54 - lat) * 10;
            svg.append("<line x1=\"0\" y1=\"").append(y).append("\" x2=\"").append(w).append("\" y2=\"").append(y)
                    .append("\" stroke=\"#d5deeb\"/><text x=\"2\" y=\"").append(y - 2).append("\" font-size=\"10\" fill=\"#6b7a90\">")
                    .append(lat).append("°N</text>");
        }
        long max = Math.max(1, spots.stream().mapToLong(ConsoleData.Spot::suspicious).max().orElse(1));
        StringBuilder regions = new StringBuilder();
        for (ConsoleData.Spot s : spots) {
            double[] c = Geohash.centre(s.place());
            if (c == null || c[1] < 73 || c[1] > 135 || c[0] < 18 || c[0] > 54) {
                regions.append("<tr><td>").append(esc(s.place())).append("</td><td>").append(s.suspicious()).append("</td><td>")
                        .append(s.total()).append("</td></tr>");
                continue;
            }
            if (s.suspicious() == 0) {
                continue;
            }
            double r = 3 + 17 * Math.sqrt((double) s.suspicious() / max);
            svg.append(String.format(java.util.Locale.ROOT,
                    "<circle class=\"spot\" data-place=\"%s\" data-count=\"%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#d1242f\" "
                            + "fill-opacity=\"0.55\" stroke=\"#8a0f17\"><title>%s: %d suspicious of %d</title></circle>",
                    esc(s.place()), s.suspicious(), (c[1] - 73) * 10, (54 - c[0]) * 10, r, esc(s.place()), s.suspicious(), s.total()));
        }
        svg.append("</svg>");
        StringBuilder b = new StringBuilder("<form method=\"get\">From <input type=\"date\" name=\"from\" value=\"").append(from)
                .append("\"> to <input type=\"date\" name=\"to\" value=\"").append(to).append("\"> <button id=\"period\">Show</button></form>")
                .append("<p>Circles: scans with a verdict other than GENUINE per ~5 km cell (area grows with the count).</p>")
                .append(svg).append("<h2>Places</h2><table id=\"places\"><tr><th>Place</th><th>Suspicious</th><th>All scans</th></tr>");
        for (ConsoleData.Spot s : spots) {
            b.append("<tr><td>").append(esc(s.place())).append("</td><td>").append(s.suspicious()).append("</td><td>").append(s.total())
                    .append("</td></tr>");
        }
        b.append("</table>");
        if (regions.length() > 0) {
            b.append("<h2>Regions without a cell</h2><table>").append(regions).append("</table>");
        }
        return page("Hot spots " + from + " – " + to, csrf, b.toString());
    }

    static String stats(String csrf, String kind, String id, LocalDate from, LocalDate to, List<ConsoleData.Day> days) {
        Set<String> verdicts = new TreeSet<>();
        days.forEach(d -> verdicts.addAll(d.byVerdict().keySet()));
        StringBuilder b = new StringBuilder("<form method=\"get\"><select name=\"kind\"><option value=\"product\"")
                .append("product".equals(kind) ? " selected" : "").append(">product id</option><option value=\"licensee\"")
                .append("licensee".equals(kind) ? " selected" : "").append(">licensee id</option></select> <input name=\"id\" value=\"")
                .append(esc(id)).append("\" required> from <input type=\"date\" name=\"from\" value=\"").append(from)
                .append("\"> to <input type=\"date\" name=\"to\" value=\"").append(to).append("\"> <button>Show</button></form>");
        if (id == null || id.isBlank()) {
            return page("Statistics", csrf, b.toString());
        }
        long max = Math.max(1, days.stream().mapToLong(ConsoleData.Day::total).max().orElse(1));
        int bw = 18;
        StringBuilder svg = new StringBuilder("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(Math.max(200, days.size() * (bw + 4) + 10)).append("\" height=\"160\">");
        for (int i = 0; i < days.size(); i++) {
            ConsoleData.Day d = days.get(i);
            long bad = d.total() - d.byVerdict().getOrDefault("GENUINE", 0L);
            int ht = (int) Math.round(140.0 * d.total() / max);
            int hb = (int) Math.round(140.0 * bad / max);
            int x = 5 + i * (bw + 4);
            svg.append("<rect x=\"").append(x).append("\" y=\"").append(150 - ht).append("\" width=\"").append(bw).append("\" height=\"")
                    .append(ht).append("\" fill=\"#8fb3e8\"><title>").append(d.day()).append(": ").append(d.total())
                    .append("</title></rect><rect x=\"").append(x).append("\" y=\"").append(150 - hb).append("\" width=\"").append(bw)
                    .append("\" height=\"").append(hb).append("\" fill=\"#d1242f\"/>");
        }
        svg.append("</svg>");
        b.append("<p>Bars: all scans per day; red: verdicts other than GENUINE.</p>").append(svg)
                .append("<table id=\"days\"><tr><th>Day</th><th>Total</th>");
        verdicts.forEach(v -> b.append("<th>").append(esc(v)).append("</th>"));
        b.append("</tr>");
        for (ConsoleData.Day d : days) {
            b.append("<tr><td>").append(d.day()).append("</td><td>").append(d.total()).append("</td>");
            verdicts.forEach(v -> b.append("<td>").append(d.byVerdict().getOrDefault(v, 0L)).append("</td>"));
            b.append("</tr>");
        }
        return page("Statistics · " + kind + " " + id, csrf, b.append("</table>").toString());
    }

    // ------------------------------------------------------------------ registry and recalls

    record ProductRow(Product product, Licence licence) {
    }

    static String registry(String csrf, List<Licensee> licensees, Map<String, List<ProductRow>> products) {
        StringBuilder b = new StringBuilder("<section><h2>Licence action</h2><form method=\"post\" action=\"/console/licences/status\" id=\"licence-form\">")
                .append(csrfField(csrf)).append("Product id <input name=\"productId\" id=\"productId\" size=\"12\" required> ")
                .append("<select name=\"to\" id=\"to\"><option>SUSPENDED</option><option>REVOKED</option><option value=\"ACTIVE\">ACTIVE (reinstate)</option></select> ")
                .append("Reason <input name=\"reason\" id=\"reason\" size=\"40\" required> <button id=\"apply\">Apply</button></form></section>")
                .append("<section><h2>Blacklist</h2><form method=\"post\" action=\"/console/licensees/blacklist\">").append(csrfField(csrf))
                .append("Licensee id <input name=\"licenseeId\" required> <select name=\"on\"><option value=\"true\">put on blacklist</option>")
                .append("<option value=\"false\">take off</option></select> Reason <input name=\"reason\" size=\"40\" required> ")
                .append("<button>Apply</button></form></section><table id=\"registry\"><tr><th>Licensee</th><th>Product</th>")
                .append("<th>Licence</th><th>Status</th><th>Since</th><th>Reason</th></tr>");
        for (Licensee l : licensees) {
            List<ProductRow> ps = products.getOrDefault(l.licenseeId(), List.of());
            String who = esc(l.licenseeId()) + " " + esc(l.name()) + (l.blacklisted() ? " <strong>(blacklisted)</strong>" : "");
            if (ps.isEmpty()) {
                b.append("<tr><td>").append(who).append("</td><td colspan=\"5\"></td></tr>");
            }
            for (ProductRow p : ps) {
                Licence lic = p.licence();
                b.append("<tr data-product=\"").append(p.product().productId()).append("\"><td>").append(who).append("</td><td>")
                        .append(p.product().productId()).append(' ').append(esc(p.product().name())).append("</td><td>")
                        .append(lic == null ? "" : esc(lic.licenceNo())).append("</td><td class=\"status\">")
                        .append(lic == null ? "none" : esc(lic.status())).append("</td><td>").append(lic == null ? "" : time(lic.statusSince()))
                        .append("</td><td>").append(lic == null ? "" : esc(lic.statusReason())).append("</td></tr>");
            }
        }
        return page("Registry and licence actions", csrf, b.append("</table>").toString());
    }

    static String recalls(String csrf, List<Recall> recalls) {
        StringBuilder b = new StringBuilder("<section><h2>Recall a batch or lot</h2><form method=\"post\" action=\"/console/recalls\" id=\"recall-form\">")
                .append(csrfField(csrf)).append("Batch id <input name=\"batchId\" id=\"batchId\" size=\"12\"> or product id ")
                .append("<input name=\"productId\" size=\"10\"> and lot <input name=\"lot\" size=\"10\"><br>Reason <input name=\"reason\" id=\"recall-reason\" size=\"50\" required><br>")
                .append("Notice to consumers<br><textarea name=\"notice\" id=\"notice\" rows=\"3\" cols=\"70\" required></textarea><br>")
                .append("<button id=\"recall\">Recall</button></form></section><table id=\"recalls\"><tr><th>When</th><th>Batches</th>")
                .append("<th>Product / lot</th><th>Licensee</th><th>Reason</th></tr>");
        for (Recall r : recalls) {
            b.append("<tr class=\"recall\"><td><a href=\"/console/recalls/").append(r.recallId()).append("\">").append(time(r.recalledAt()))
                    .append("</a></td><td>").append(esc(r.batchIds())).append("</td><td>").append(r.productId()).append(" / ")
                    .append(esc(r.lot())).append("</td><td>").append(esc(r.licenseeId())).append("</td><td>").append(esc(r.reason()))
                    .append("</td></tr>");
        }
        return page("Recalls", csrf, b.append("</table>").toString());
    }

    static String recall(String csrf, RecallReport rep) {
        Recall r = rep.recall();
        StringBuilder b = new StringBuilder("<section><dl><dt>Batches</dt><dd id=\"batches\">").append(esc(r.batchIds()))
                .append("</dd><dt>Reason</dt><dd>").append(esc(r.reason())).append("</dd><dt>Notice</dt><dd id=\"notice\">")
                .append(esc(r.notice())).append("</dd><dt>Recalled</dt><dd>").append(time(r.recalledAt())).append(" by ")
                .append(esc(r.recalledBy())).append("</dd><dt>Scans after the recall</dt><dd id=\"scans-after\">")
                .append(rep.scansAfterRecall()).append("</dd></dl></section>");
        for (RecallReport.BatchOutcome o : rep.batches()) {
            b.append("<section><h2>Batch ").append(o.batchId()).append("</h2><p>").append(o.scansAfterRecall())
                    .append(" scans after the recall.</p><h3>Last scanned (coarse places)</h3><ul>");
            o.lastScanPlaces().forEach(p -> b.append("<li>").append(esc(p.place())).append(" · ").append(time(p.lastAt())).append("</li>"));
            b.append("</ul><h3>Last supply-chain locations</h3><ul>");
            o.lastLocations().forEach(p -> b.append("<li>").append(esc(p.place())).append(" · ").append(esc(p.detail())).append(" · ")
                    .append(time(p.lastAt())).append("</li>"));
            b.append("</ul></section>");
        }
        return page("Recall " + r.recallId(), csrf, b.toString());
    }
}
