package org.markauth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CQL migrations are the single source of truth for the registry's tables; their column comments
 * list the values a state column may hold ({@code state text, -- ISSUING | ISSUED | RECALLED}). This
 * test reads those comments from the migrations as they are and proves the enums name exactly the
 * same values, so a state added on one side and not the other fails the build.
 */
class SchemaAgreementTest {

    private static final Path MIGRATIONS = Path.of("..", "ops", "src", "main", "resources", "db", "migration");

    /** The values listed in the comment of {@code column} inside {@code CREATE TABLE ... table (...)}, over every migration. */
    private static Set<String> commentedValues(String table, String column) throws IOException {
        Set<String> found = new LinkedHashSet<>();
        Pattern tableBlock = Pattern.compile("CREATE TABLE IF NOT EXISTS " + table + " \\((.*?)\\);", Pattern.DOTALL);
        Pattern columnLine = Pattern.compile("\\b" + column + " text,?\\s*--\\s*(?:null = [^;]*; else )?([A-Z_ |]+)");
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".cql")).sorted().toList()) {
                Matcher t = tableBlock.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (t.find()) {
                    Matcher c = columnLine.matcher(t.group(1));
                    while (c.find()) {
                        Arrays.stream(c.group(1).split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).forEach(found::add);
                    }
                }
            }
        }
        return found;
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Test
    void theMigrationsAreWhereThisTestReadsThem() {
        assertThat(MIGRATIONS.resolve("V002__registry_and_marks.cql")).exists();
    }

    @Test
    void unitStatesAreTheMarksStateColumn() throws IOException {
        assertThat(commentedValues("marks", "state")).containsExactlyElementsOf(names(UnitState.values()));
    }

    @Test
    void batchStatesAreTheBatchesStateColumn() throws IOException {
        assertThat(commentedValues("batches", "state")).containsExactlyElementsOf(names(BatchState.values()));
    }

    @Test
    void licenceStatusesAreTheLicencesStatusColumn() throws IOException {
        assertThat(commentedValues("licences", "status")).containsExactlyElementsOf(names(LicenceStatus.values()));
    }

    @Test
    void rangeKindsAreTheBatchRangesActionColumn() throws IOException {
        assertThat(commentedValues("batch_ranges", "action")).containsExactlyElementsOf(names(RangeKind.values()));
    }

    @Test
    void theReaderFindsACommentOnlyWhereOneIs() throws IOException {
        // guards the regex: a column without a value comment yields nothing rather than a wrong match
        assertThat(commentedValues("marks", "seq")).isEmpty();
        assertThat(commentedValues("no_such_table", "state")).isEmpty();
    }
}
