package org.markauth.ops.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned CQL file, {@code V<NNN>__<description>.cql}.
 *
 * @param version     the number after V (unique, applied in ascending order)
 * @param description the words after the double underscore, underscores read as spaces
 * @param fileName    the file name, for messages
 * @param checksum    SHA-256 (hex) of the text with line endings normalised to LF
 * @param statements  the CQL statements in file order, without their terminating ';'
 */
public record Migration(int version, String description, String fileName, String checksum, List<String> statements) {
    static final Pattern FILE_NAME = Pattern.compile("V(\\d{1,6})__([A-Za-z0-9_]+)\\.cql");

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be 1 or more, got " + version + " in " + fileName);
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + fileName + " contains no CQL statement");
        }
        statements = List.copyOf(statements);
    }

    /** Reads a migration from its file name and text; the name must look like {@code V001__foundation.cql}. */
    public static Migration of(String fileName, String text) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new MigrationException("migration file name '" + fileName + "' must look like V001__what_it_does.cql");
        }
        String normalised = text.replace("\r\n", "\n");
        return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), fileName,
                sha256(normalised), split(normalised));
    }

    /**
     * Splits CQL on ';' at the end of a line. Whole-line '--' comments and blank lines are dropped.
     * A ';' inside a line (in a string literal, say) does not split, which keeps this honest without a
     * CQL parser: write one statement per ';'-terminated line group.
     */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (!current.isEmpty()) {
                current.append('\n');
            }
            if (trimmed.endsWith(";")) {
                current.append(line.stripTrailing(), 0, line.stripTrailing().length() - 1);
                String statement = current.toString().strip();
                if (!statement.isEmpty()) {
                    out.add(statement);
                }
                current.setLength(0);
            } else {
                current.append(line.stripTrailing());
            }
        }
        if (!current.toString().isBlank()) {
            throw new MigrationException("the last statement does not end with ';' at the end of a line: "
                    + current.toString().strip().lines().findFirst().orElse(""));
        }
        return out;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
