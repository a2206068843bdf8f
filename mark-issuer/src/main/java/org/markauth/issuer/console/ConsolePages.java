package org.markauth.issuer.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.util.HashMap;
import java.util.Map;
import org.markauth.http.Lang;
import org.markauth.http.Messages;
import org.owasp.encoder.Encode;

/**
 * Renders the console's pages: the jte templates precompiled into {@code org.markauth.issuer.templates}
 * (src/main/jte), each fed a {@link Views.Shell} and its page's view record, with the words of the
 * request's language from {@code console-messages_{zh,en}.properties}. The engine escapes every value.
 */
public final class ConsolePages {

    /** Where jte-maven-plugin puts the console's template classes (not verify-api's package: both load in demo and system-it). */
    public static final String TEMPLATES = "org.markauth.issuer.templates";
    public static final String MESSAGES = "console-messages";

    private final TemplateEngine engine;
    private final Messages messages;

    public ConsolePages(TemplateEngine engine, Messages messages) {
        this.engine = engine;
        this.messages = messages.requireKeys();
    }

    /** The precompiled templates and the bundles from {@code loader}; built once by the composition root. */
    public static ConsolePages load(ClassLoader loader) {
        return load(loader, MESSAGES);
    }

    /** The same templates with the words of bundle {@code messages} (another site's: {@code portal-messages}). */
    public static ConsolePages load(ClassLoader loader, String messages) {
        return new ConsolePages(TemplateEngine.createPrecompiled(null, ContentType.Html, loader, TEMPLATES),
                Messages.load(messages, loader));
    }

    public Messages.Words words(Lang lang) {
        return messages.in(lang);
    }

    /** {@code template} (e.g. {@code "alerts.jte"}) with {@code shell} and the page's view {@code v}. */
    public String render(String template, Views.Shell shell, Object v) {
        Map<String, Object> params = new HashMap<>();
        params.put("shell", shell);
        params.put("v", v);
        StringOutput out = new StringOutput();
        engine.render(template, params, new QuotesEscaped(out));
        return out.toString();
    }

    /**
     * jte's HTML output, except that text between tags also escapes quotes ({@code "} as {@code &#34;}),
     * as the console always has (OWASP's {@code forHtml}): what a consumer typed reads the same in a
     * text node and in an attribute, and no later template edit can turn it into one.
     */
    private static final class QuotesEscaped extends OwaspHtmlTemplateOutput {
        private final TemplateOutput out;
        private String tag;
        private String attribute;

        QuotesEscaped(TemplateOutput out) {
            super(out);
            this.out = out;
        }

        @Override
        public void setContext(String tagName, String attributeName) {
            super.setContext(tagName, attributeName);
            this.tag = tagName;
            this.attribute = attributeName;
        }

        @Override
        public void writeUserContent(String value) {
            if (value != null && attribute == null && !"script".equals(tag) && !"style".equals(tag)) {
                out.writeContent(Encode.forHtml(value));
            } else {
                super.writeUserContent(value);
            }
        }
    }
}
