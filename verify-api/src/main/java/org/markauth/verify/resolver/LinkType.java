package org.markauth.verify.resolver;

import java.util.Locale;

/**
 * The link types this resolver serves, from the GS1 Web Vocabulary (namespace
 * {@code https://gs1.org/voc/}, CURIE prefix {@code gs1:}). A request names one with the query
 * parameter {@code linkType} as a CURIE ({@code gs1:pip}) or a full URI in any of the namespace's
 * published spellings (GS1-Conformant Resolver Standard 1.x, "Resolving GS1 identification keys"; the vocabulary at https://ref.gs1.org/voc/).
 */
public enum LinkType {
    /** The page a consumer lands on with no linkType: what the registry knows, never a verdict. */
    DEFAULT_LINK("defaultLink"),
    /** Product information page. */
    PIP("pip"),
    /** The product's certification: standard, licence and its status. */
    CERTIFICATION_INFO("certificationInfo"),
    /** The batch's recall state and notice (only for a lot or a unit). */
    RECALL_STATUS("recallStatus"),
    /** How to check a pack: scan the printed code. */
    INSTRUCTIONS("instructions"),
    /** The service that verifies a printed code. */
    VERIFICATION_SERVICE("verificationService");

    public static final String NAMESPACE = "https://gs1.org/voc/";
    private static final String[] SPELLINGS = {"https://gs1.org/voc/", "http://gs1.org/voc/", "https://www.gs1.org/voc/",
        "http://www.gs1.org/voc/", "https://ref.gs1.org/voc/", "gs1:"};

    private final String term;

    LinkType(String term) {
        this.term = term;
    }

    /** The vocabulary term, e.g. {@code pip}. */
    public String term() {
        return term;
    }

    /** The full URI, the linkset's relation type: {@code https://gs1.org/voc/pip}. */
    public String uri() {
        return NAMESPACE + term;
    }

    /** {@code gs1:pip}. */
    public String curie() {
        return "gs1:" + term;
    }

    /** The link type a {@code linkType} value names, or null when it names none of these (terms compare exactly, prefixes ignoring ASCII case). */
    public static LinkType named(String value) {
        if (value == null) {
            return null;
        }
        for (String prefix : SPELLINGS) {
            if (value.length() > prefix.length() && value.substring(0, prefix.length()).toLowerCase(Locale.ROOT).equals(prefix)) {
                String t = value.substring(prefix.length());
                for (LinkType l : values()) {
                    if (l.term.equals(t)) {
                        return l;
                    }
                }
                return null;
            }
        }
        return null;
    }
}
