package org.markauth.verify.resolver;

import java.util.ArrayList;
import java.util.List;
import org.markauth.http.Lang;
import org.markauth.http.Messages.Words;
import org.markauth.registry.UnitState;
import org.markauth.verify.catalogue.CatalogueEntry;
import org.markauth.verify.check.VerdictTexts;
import org.markauth.verify.page.Fact;
import org.markauth.verify.page.Pages;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.web.Dates;

/**
 * The resolver's own pages, the targets of its links ({@code /dl/{section}/01/...}): what the
 * registry knows (product, licensee, licence, batch and recall state, a voided serial), the
 * certification, the recall state, and how to check a pack. Every page says that it does not tell
 * whether the pack is genuine and sends the reader to scan the printed code: a serial can be copied
 * from any pack, only the signed code authenticates (docs/digital-link.md).
 */
final class ResolverPages {

    /** The sections, as the path names them. */
    enum Section {
        INFO("info"), CERTIFICATION("certification"), RECALL("recall"), INSTRUCTIONS("instructions");

        final String path;

        Section(String path) {
            this.path = path;
        }

        static Section of(String path) {
            for (Section s : values()) {
                if (s.path.equals(path)) {
                    return s;
                }
            }
            return null;
        }
    }

    private final Pages pages;
    private final VerdictTexts texts;

    ResolverPages(Pages pages, VerdictTexts texts) {
        this.pages = pages;
        this.texts = texts;
    }

    String render(Section section, Item item, List<Links.Link> links, String host, Lang lang) {
        return pages.render("resolver.jte", lang, view(section, item, links, host, lang));
    }

    ResolverView view(Section section, Item item, List<Links.Link> links, String host, Lang lang) {
        Words t = pages.messages().in(lang);
        boolean en = lang == Lang.EN;
        CatalogueEntry p = item.product();
        List<Fact> facts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String recall = null;
        String name = en && p.nameEn() != null ? p.nameEn() : p.name();
        String heading = name == null ? item.link().gtin() : p.model() == null ? name : name + " · " + p.model();
        switch (section) {
            case INFO -> {
                product(facts, t, p, lang);
                recall = batches(facts, notes, t, item, lang);
            }
            case CERTIFICATION -> {
                product(facts, t, p, lang);
                Fact.add(facts, t.get("label.indicators"), p.coreIndicators().isEmpty() ? null : Fact.indicators(p.coreIndicators()));
                Fact.add(facts, t.get("dl.validUntil"), p.validUntil() == null ? null : Dates.day(p.validUntil()));
                if (p.blacklisted()) {
                    Fact.add(facts, t.get("catalogue.credit"), t.get("catalogue.blacklisted"));
                }
            }
            case RECALL -> {
                Fact.add(facts, t.get("label.product"), heading);
                Fact.add(facts, t.get("catalogue.gtin"), item.link().gtin());
                if (item.hasBatches()) {
                    recall = batches(facts, notes, t, item, lang);
                    if (recall == null) {
                        notes.add(t.get("dl.noRecall"));
                    }
                } else {
                    notes.add(t.get("dl.productOnly"));
                }
            }
            case INSTRUCTIONS -> {
                notes.add(t.get("dl.step1"));
                notes.add(t.get("dl.step2", host.toLowerCase(java.util.Locale.ROOT)));
                notes.add(t.get("dl.step3"));
            }
        }
        List<ResolverView.Nav> nav = links.stream()
                .map(l -> new ResolverView.Nav(l.type().curie(), l.title(), l.href())).toList();
        return new ResolverView(lang.tag(), en ? "zh" : "en", section.path, heading, t.get("dl.title." + section.path), recall,
                facts, notes, nav);
    }

    private void product(List<Fact> facts, Words t, CatalogueEntry p, Lang lang) {
        boolean en = lang == Lang.EN;
        Fact.add(facts, t.get("label.product"), en && p.nameEn() != null ? p.nameEn() : p.name());
        Fact.add(facts, t.get("label.model"), p.model());
        Fact.add(facts, t.get("catalogue.gtin"), p.gtin());
        Fact.add(facts, t.get("label.manufacturer"), en && p.licenseeNameEn() != null ? p.licenseeNameEn() : p.licenseeName());
        Fact.add(facts, t.get("label.standard"), Fact.standard(p.standardNo(), p.standardTitle()));
        Fact.add(facts, t.get("label.licence"), (p.licenceNo() == null ? "" : p.licenceNo() + " · ")
                + (p.licenceStatus() == null ? "" : texts.status(p.licenceStatus(), lang)));
    }

    /** The lot's or unit's batches; returns the recall notice of the newest recalled one, or null. */
    private static String batches(List<Fact> facts, List<String> notes, Words t, Item item, Lang lang) {
        String recall = null;
        for (BatchView b : item.batches()) {
            Fact.add(facts, t.get("label.lot"), b.lot());
            Fact.add(facts, t.get("label.produced"), b.productionDate() == null ? null : Dates.day(b.productionDate()));
            Fact.add(facts, t.get("label.expires"), b.expiryDate() == null ? null : Dates.day(b.expiryDate()));
            Fact.add(facts, t.get("dl.batch"), b.state() == null ? null : t.get("dl.batch." + b.state().name()));
            if (b.recalled()) {
                Fact.add(facts, t.get("dl.recalledAt"), b.recalledAt() == null ? null : Dates.day(b.recalledAt()));
                if (recall == null) {
                    recall = b.recallNotice() != null ? b.recallNotice() : t.get("dl.batch.RECALLED");
                }
            }
            if (item.link().expiry() != null && b.expiryDate() != null && !item.link().expiry().equals(b.expiryDate())) {
                notes.add(t.get("dl.expiryMismatch", Dates.day(item.link().expiry()), Dates.day(b.expiryDate())));
            }
        }
        if (item.unit() != null) {
            Fact.add(facts, t.get("dl.serial"), item.link().serial());
            UnitState gone = item.outOfUse();
            if (gone != null) {
                Fact.add(facts, t.get("dl.unit"), t.get("dl.unit." + gone.name()));
            }
        }
        return recall;
    }
}
