package org.markauth.verify.resolver;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.markauth.http.Messages.Words;

/**
 * An item's links and their two serialisations: the linkset (RFC 9264 section 4.2, media type
 * {@code application/linkset+json}: {@code {"linkset": [{"anchor": <the Digital Link>, <relation
 * type URI>: [{"href", "title", "type", "hreflang": [...]}], ...}]}}) and the HTTP {@code Link}
 * header sent with a redirect (RFC 8288; GS1-Conformant Resolver Standard 1.x, conformance statement: SHOULD
 * expose the links when redirecting).
 *
 * <p>Resolver Standard 1.x, conformance statement: every link has a target, a link type and a human-readable
 * title; exactly one is {@code gs1:defaultLink}, "defined without any of the optional attributes"
 * (a title, nothing else). No link ever carries a signed code: for an unsigned link there is none
 * to carry, and for a signed one the default link is the URL the caller already holds.
 */
final class Links {

    /** One link: its type, target and title; {@code mediaType} null for the default link. */
    record Link(LinkType type, String href, String title, String mediaType) {
    }

    private Links() {
    }

    /**
     * The links of {@code item}, default first.
     *
     * @param root       {@code https://<programme host>}
     * @param verdictUrl for a signed link, the verdict page's URL (the link as scanned); null otherwise
     */
    static List<Link> of(Item item, String root, String verdictUrl, Words t) {
        DigitalLink dl = item.link();
        String here = dl.uri("");
        String product = "/01/" + dl.gtin();
        List<Link> out = new ArrayList<>();
        out.add(new Link(LinkType.DEFAULT_LINK, verdictUrl != null ? verdictUrl : root + "/dl/info" + here,
                t.get(verdictUrl != null ? "dl.link.verdict" : "dl.link.defaultLink"), null));
        out.add(new Link(LinkType.PIP, root + "/catalogue?q=" + dl.gtin(), t.get("dl.link.pip"), "text/html"));
        out.add(new Link(LinkType.CERTIFICATION_INFO, root + "/dl/certification" + product, t.get("dl.link.certificationInfo"),
                "text/html"));
        if (item.hasBatches()) {
            out.add(new Link(LinkType.RECALL_STATUS, root + "/dl/recall" + here, t.get("dl.link.recallStatus"), "text/html"));
        }
        out.add(new Link(LinkType.INSTRUCTIONS, root + "/dl/instructions" + product, t.get("dl.link.instructions"), "text/html"));
        out.add(verdictUrl != null
                ? new Link(LinkType.VERIFICATION_SERVICE, verdictUrl, t.get("dl.link.verdict"), "text/html")
                : new Link(LinkType.VERIFICATION_SERVICE, root + "/api/v1/verify", t.get("dl.link.verificationService"),
                        "application/json"));
        return out;
    }

    /** The link of {@code type}, or null when the item has none. */
    static Link find(List<Link> links, LinkType type) {
        return links.stream().filter(l -> l.type() == type).findFirst().orElse(null);
    }

    /** The linkset document: one context object anchored at the Digital Link. */
    static JsonObject linkset(String anchor, List<Link> links) {
        JsonObject context = new JsonObject().put("anchor", anchor);
        for (Link l : links) {
            JsonObject target = new JsonObject().put("href", l.href()).put("title", l.title());
            if (l.mediaType() != null) {
                target.put("type", l.mediaType());
                if (l.mediaType().equals("text/html")) {
                    target.put("hreflang", new JsonArray().add("zh").add("en"));
                }
            }
            context.put(l.type().uri(), new JsonArray().add(target));
        }
        return new JsonObject().put("linkset", new JsonArray().add(context));
    }

    /**
     * The {@code Link} header: each link with its relation type URI, plus the linkset itself
     * ({@code rel="linkset"}, RFC 9264 section 6). Titles in English (ASCII, no RFC 8187 encoding needed).
     */
    static String header(List<Link> englishLinks, String linksetUrl) {
        StringBuilder b = new StringBuilder();
        for (Link l : englishLinks) {
            b.append('<').append(l.href()).append(">; rel=\"").append(l.type().uri()).append("\"; title=\"")
                    .append(l.title().replace("\"", "'")).append('"');
            if (l.mediaType() != null) {
                b.append("; type=\"").append(l.mediaType()).append('"');
            }
            b.append(", ");
        }
        return b.append('<').append(linksetUrl).append(">; rel=\"linkset\"; type=\"application/linkset+json\"").toString();
    }
}
