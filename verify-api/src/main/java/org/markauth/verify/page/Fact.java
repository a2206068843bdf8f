package org.markauth.verify.page;

import java.util.List;
import java.util.Map;

/** One term and its value in a page's facts list ({@code facts.jte}); blank values are never listed. */
public record Fact(String term, String value) {

    /** Adds the fact to {@code facts} unless {@code value} is null or blank. */
    public static void add(List<Fact> facts, String term, String value) {
        if (value != null && !value.isBlank()) {
            facts.add(new Fact(term, value));
        }
    }

    /** Core indicators as one line, {@code "k: v; k: v; "}. */
    public static String indicators(Map<String, String> indicators) {
        StringBuilder b = new StringBuilder();
        indicators.forEach((k, v) -> b.append(k).append(": ").append(v).append("; "));
        return b.toString();
    }

    /** "standard-no title", either part optional. */
    public static String standard(String no, String title) {
        return (no == null ? "" : no + " ") + (title == null ? "" : title);
    }
}
