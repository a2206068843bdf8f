package org.markauth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds HTML built from Java string literals: pages belong in the services' typed jte templates
 * (src/main/jte), where the engine escapes every value. Each service's page test runs it over its own
 * src/main/java, so concatenated HTML fails the build again wherever it reappears.
 */
public final class HtmlInJava {

    /** A string literal holding an HTML tag: {@code "<p>"}, {@code "</section>"}, {@code "<!doctype"}. */
    public static final Pattern HTML_IN_LITERAL = Pattern.compile(
            "\"(?:[^\"\\\\\\n]|\\\\.)*<(?:/?(?:html|head|body|main|nav|section|div|p|h[1-6]|span|a|ul|ol|li|dl|dt|dd|form"
                    + "|input|label|select|option|button|textarea|script|style|title|meta|strong|em|b|i|code|table|tr|td|th|img"
                    + "|br|small)\\b|!doctype)", Pattern.CASE_INSENSITIVE);

    private HtmlInJava() {
    }

    /** Every {@code file:line: text} under {@code sources} whose line holds such a literal, skipping files named in {@code allowed}. */
    public static List<String> offenders(Path sources, Set<String> allowed) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                if (allowed.contains(p.getFileName().toString())) {
                    continue;
                }
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    if (HTML_IN_LITERAL.matcher(lines.get(i)).find()) {
                        out.add(p + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sources, e);
        }
        return out;
    }
}
