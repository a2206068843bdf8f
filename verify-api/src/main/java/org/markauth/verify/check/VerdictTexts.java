package org.markauth.verify.check;

import org.markauth.registry.CertificateStatus;
import org.markauth.registry.LicenceStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.markauth.http.Lang;
import org.markauth.http.Messages;
import org.markauth.sdk.verify.VerdictCode;
import org.markauth.verify.registry.CertificateView;
import org.markauth.verify.rules.RuleHit;
import org.markauth.verify.scan.PriorScans;
import org.markauth.verify.web.Dates;

/**
 * The verdict in words, for the JSON API and the consumer page alike: what the page says first
 * (headline and advice, graded by verdict rather than by colour: a recall says to stop using the
 * product, a clone or a forgery says not to buy it), the verdict's sentence with what exactly is
 * wrong, the licence note ("made while licensed; licence suspended since …"), the scan-history
 * summary and rule hits. The words are in the message bundles ({@code messages_zh/en.properties});
 * this class only chooses which sentence applies and fills it in. Dates are shown in China
 * Standard Time, the programme's zone.
 *
 * <p>A verdict code without its headline or advice fails loudly (and {@code PageTemplatesTest}
 * checks every code in both languages), never a blank page.
 */
public final class VerdictTexts {


    private final Messages messages;
    /** Sentences said on every scan, split once around their arguments (see {@link #fill}). */
    private final ConcurrentHashMap<String, Template> templates = new ConcurrentHashMap<>();

    public VerdictTexts(Messages messages) {
        this.messages = messages;
    }

    /**
     * A message whose arguments are all text, split once at its arguments: filling it is what
     * {@code MessageFormat} does with text arguments (each put in verbatim) without parsing the
     * pattern on every scan.
     */
    private record Template(String[] parts, int[] args) {

        private static final char MARK = '\uE000';   // a private-use character no bundle contains

        static Template of(Messages messages, Lang lang, String key, int arity) {
            Object[] marks = new Object[arity];
            for (int i = 0; i < arity; i++) {
                marks[i] = String.valueOf(MARK) + (char) ('0' + i);
            }
            String text = messages.get(lang, key, marks);
            List<String> parts = new ArrayList<>();
            List<Integer> args = new ArrayList<>();
            int from = 0;
            for (int i = text.indexOf(MARK); i >= 0; i = text.indexOf(MARK, from)) {
                parts.add(text.substring(from, i));
                args.add(text.charAt(i + 1) - '0');
                from = i + 2;
            }
            parts.add(text.substring(from));
            return new Template(parts.toArray(String[]::new), args.stream().mapToInt(Integer::intValue).toArray());
        }

        String fill(String... values) {
            StringBuilder b = new StringBuilder(128);
            for (int i = 0; i < args.length; i++) {
                b.append(parts[i]).append(values[args[i]]);
            }
            return b.append(parts[args.length]).toString();
        }
    }

    /** {@code messages.get(lang, key, args)} for text arguments (at most ten), from the key's split template. */
    private String fill(Lang lang, String key, String... args) {
        Template t = templates.get(lang.tag() + key);
        if (t == null) {
            t = Template.of(messages, lang, key, args.length);
            templates.put(lang.tag() + key, t);
        }
        return t.fill(args);
    }

    /** The page's first words for this verdict. */
    public String headline(VerdictCode code, Lang lang) {
        return messages.get(lang, "verdict." + code.name() + ".headline");
    }

    /** What the buyer should do, in one sentence. */
    public String advice(VerdictCode code, Lang lang) {
        return messages.get(lang, "verdict." + code.name() + ".advice");
    }

    /** The verdict's sentence from the SDK catalogue, with the reason and the host it points to when there are. */
    public String verdict(Verification v, Lang lang) {
        String m = v.code().message(lang.locale());
        if (!(v instanceof Verification.Rejected r)) {
            return m;
        }
        if (r.reason() != null) {
            m = messages.get(lang, "verdict.withReason", m, r.reason().message(lang.locale()));
        }
        if (r.host() != null) {
            m = messages.get(lang, "verdict.withHost", m, r.host());
        }
        return m;
    }

    /** What exactly is wrong with a malformed or foreign code (its reason, the host it points to), or null. */
    public String specifics(Verification v, Lang lang) {
        if (!(v instanceof Verification.Rejected r) || r.reason() == null && r.host() == null) {
            return null;
        }
        String reason = r.reason() == null ? "" : r.reason().message(lang.locale());
        String host = r.host() == null ? "" : messages.get(lang, "specifics.host", r.host());
        return reason.isEmpty() || host.isEmpty() ? reason + host : messages.get(lang, "specifics.both", reason, host);
    }

    /**
     * A sentence on the unit's standing beside the verdict, or null: that the registry could not be
     * reached (the verdict is the signature's alone), or, when the licence is not plainly valid, both
     * facts — whether the unit was made while the licence was valid, and its status since when.
     */
    public String statusNote(Verification v, Lang lang) {
        if (v instanceof Verification.SignatureOnly) {
            return messages.get(lang, "note.registryUnread");
        }
        if (!(v instanceof Verification.Checked c)) {
            return null;
        }
        LicenceStatus licence = c.licenceStatus();
        if (licence == null || licence == LicenceStatus.ACTIVE) {
            return null;
        }
        String since = Dates.day(c.product().licenceSinceAt(c.at()));
        String made = c.madeWhileLicensed() ? ".made" : "";
        if (licence == LicenceStatus.EXPIRED) {
            return messages.get(lang, "note.expired" + made, since);
        }
        String reason = c.product().licenceStatusReason() == null ? ""
                : messages.get(lang, "note.status.reason", c.product().licenceStatusReason());
        return messages.get(lang, "note.status" + made, since, status(licence, lang), reason);
    }

    /** A licence status in words ("valid", "suspended" …); an unknown one as it is. */
    public String status(LicenceStatus licenceStatus, Lang lang) {
        String key = "status." + licenceStatus;
        return messages.has(key) ? messages.get(lang, key) : key;
    }

    /** "Verified 3 times before; first on … near …; if that was not you, beware." Null if unknown. */
    public String history(PriorScans p, Lang lang) {
        if (!p.known()) {
            return null;
        }
        if (p.count() == 0) {
            return messages.get(lang, "history.first");
        }
        String place = p.firstPlace() == null ? messages.get(lang, "history.unknownPlace") : p.firstPlace();
        // numbers as text: MessageFormat would group 1000 as "1,000"
        return fill(lang, p.count() == 1 ? "history.before.one" : "history.before.many",
                Long.toString(p.count()), Dates.minute(p.firstAt()), place);
    }

    /** A rule hit as one line for people (in English, the alert's own summary). */
    public String rule(RuleHit h, Lang lang) {
        Object[] evidence = switch (h.rule()) {
            case TOO_MANY_SCANS -> new Object[] {h.evidence().getValue("count"), h.evidence().getValue("limit")};
            case IMPOSSIBLE_TRAVEL -> new Object[] {h.evidence().getValue("km")};
            case OFF_MARKET -> new Object[] {h.evidence().getValue("region")};
            case DEAD_CODE_IN_FIELD -> new Object[0];
        };
        String[] args = new String[evidence.length + 1];
        args[0] = h.summary();
        for (int i = 0; i < evidence.length; i++) {
            args[i + 1] = String.valueOf(evidence[i]);   // as the evidence holds it, never reformatted
        }
        return fill(lang, "rule." + h.rule().name(), args);
    }


    /** A certificate's headline by its status now ("Valid certificate", "Licence suspended: …"). */
    public String certificateHeadline(Verification.Checked c, Lang lang) {
        return messages.get(lang, "certificate." + c.certificateStatus() + ".headline");
    }

    /** A certificate's sentence under its headline: since when, why, or by which certificate it was superseded. */
    public String certificateAdvice(Verification.Checked c, Lang lang) {
        CertificateStatus status = c.certificateStatus();
        CertificateView cert = c.certificate();
        String key = "certificate." + status + ".advice";
        return switch (status) {
            case ACTIVE -> messages.get(lang, key);
            case SUPERSEDED -> messages.get(lang, key, cert.supersededBy(), Dates.day(cert.supersededAt()));
            case EXPIRED -> messages.get(lang, key, Dates.day(c.licenceStatus() == LicenceStatus.EXPIRED
                    ? c.product().licenceSinceAt(c.at()) : cert.validUntil()));
            case SUSPENDED, REVOKED -> {
                boolean blacklist = c.licensee() != null && c.licensee().blacklisted()
                        && (c.licenceStatus() == null || c.licenceStatus() == LicenceStatus.ACTIVE);
                Instant since = blacklist ? c.licensee().blacklistedSince()
                        : c.product() == null ? null : c.product().licenceSinceAt(c.at());
                String why = blacklist ? c.licensee().blacklistReason()
                        : c.product() == null ? null : c.product().licenceStatusReason();
                yield messages.get(lang, key, since == null ? "—" : Dates.day(since),
                        why == null || why.isBlank() ? "" : messages.get(lang, "certificate.reason", why));
            }
        };
    }
}
