package org.markauth.verify.page;

import gg.jte.html.HtmlTemplateOutput;
import gg.jte.output.StringOutput;
import org.owasp.encoder.Encode;

/**
 * Where the templates write. The engine decides what is the template's own markup
 * ({@link #writeContent}) and what is a value ({@link #writeUserContent}); every value is encoded
 * with OWASP's {@code Encode.forHtml} ({@code & < > " '}), which is safe both as text and inside a
 * quoted attribute. That is stricter than jte's own escaper (which leaves {@code "} in text and
 * {@code >} in attributes) and is exactly what the pages sent before they were templates, so an
 * echoed search box reads the same as it always did.
 */
final class PageOutput implements HtmlTemplateOutput {

    private final StringOutput out = new StringOutput(8192);

    @Override
    public void setContext(String tagName, String attributeName) {
        // one encoding serves text and quoted attributes alike: nothing to switch
    }

    @Override
    public void writeContent(String value) {
        out.writeContent(value);
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        out.writeContent(value, beginIndex, endIndex);
    }

    @Override
    public void writeUserContent(String value) {
        if (value != null) {
            out.writeContent(Encode.forHtml(value));
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
