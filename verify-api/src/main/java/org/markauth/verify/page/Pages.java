package org.markauth.verify.page;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import java.util.Map;
import org.markauth.http.Lang;
import org.markauth.http.Messages;

/**
 * verify-api's pages: the precompiled jte templates ({@code src/main/jte}, compiled into
 * {@code org.markauth.verify.templates} by jte-maven-plugin) and the words they show
 * ({@code messages_zh/en.properties}). Built once at start-up and handed to whoever renders a page.
 * Every template takes the same two parameters: {@code t}, the words of the request's language, and
 * {@code v}, the page's view record.
 */
public final class Pages {

    /** The generated templates' package, distinct from the issuer console's (demo and system-it load both). */
    public static final String TEMPLATES = "org.markauth.verify.templates";

    private final TemplateEngine engine;
    private final Messages messages;

    public Pages(TemplateEngine engine, Messages messages) {
        this.engine = engine;
        this.messages = messages;
    }

    /** The precompiled templates and the {@code messages} bundles on {@code loader}; fails if the bundles disagree. */
    public static Pages load(ClassLoader loader) {
        return new Pages(TemplateEngine.createPrecompiled(null, ContentType.Html, loader, TEMPLATES),
                Messages.load("messages", loader).requireKeys());
    }

    public Messages messages() {
        return messages;
    }

    /** A whole page: {@code template} (e.g. {@code "verdict.jte"}) fed {@code view}, in {@code lang}. */
    public String render(String template, Lang lang, Object view) {
        PageOutput out = new PageOutput();
        engine.render(template, Map.of("t", messages.in(lang), "v", view), out);
        return out.toString();
    }

    /** The thank-you page after a report: its reference number. */
    public String thanks(Lang lang, String reportId) {
        return render("thanks.jte", lang, new Thanks(lang.tag(), reportId));
    }

    /** The HTML error page: the sentence people read, the machine code kept in an attribute, the reference if any. */
    public String error(Lang lang, String error, String message, String ref) {
        return render("error.jte", lang, new ErrorView(lang.tag(), error, message, ref));
    }

    /** The thank-you page's view. */
    public record Thanks(String langTag, String reportId) {
    }

    /** The error page's view; {@code ref} is null unless the failure was logged with one. */
    public record ErrorView(String langTag, String error, String message, String ref) {
    }
}
