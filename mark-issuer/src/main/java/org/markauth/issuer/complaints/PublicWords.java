package org.markauth.issuer.complaints;

import org.markauth.http.Lang;
import org.markauth.http.Messages;

/**
 * The sentences a consumer reads about a case ({@code complaint-public_{zh,en}.properties}), made
 * in both languages when a step happens: the step keeps them, verify-api's /cases page shows them
 * and the outbox sends the one of the consumer's language.
 */
final class PublicWords {

    /** One sentence in both languages. */
    record Sentence(String zh, String en) {
        String in(String lang) {
            return "en".equals(lang) ? en : zh;
        }
    }

    private final Messages messages;

    PublicWords(ClassLoader loader) {
        this.messages = Messages.load("complaint-public", loader).requireKeys();
    }

    Sentence of(String key, Object... args) {
        return new Sentence(messages.get(Lang.ZH, key, args), messages.get(Lang.EN, key, args));
    }

    /** {@code s} with the office's public note after it, when there is one. */
    Sentence withNote(Sentence s, String note) {
        if (note == null || note.isBlank()) {
            return s;
        }
        return new Sentence(messages.get(Lang.ZH, "complaint.public.note", s.zh(), note.strip()),
                messages.get(Lang.EN, "complaint.public.note", s.en(), note.strip()));
    }

    /** The outbox message of a step: the first carries the case number and lookup code. */
    String message(Sentence s, ComplaintCase c, boolean first) {
        Lang l = "en".equals(c.lang()) ? Lang.EN : Lang.ZH;
        return first ? messages.get(l, "complaint.message.first", s.in(c.lang()), c.caseNo(), c.code())
                : messages.get(l, "complaint.message.next", s.in(c.lang()), c.caseNo());
    }
}
