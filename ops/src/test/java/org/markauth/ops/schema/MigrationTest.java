package org.markauth.ops.schema;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationTest {

    @Test
    void splitsOnSemicolonsAtLineEndsAndDropsComments() {
        String cql = """
                -- a comment; with a semicolon
                CREATE TABLE a (
                    id text PRIMARY KEY, -- trailing comment kept; harmless
                    v text
                );

                INSERT INTO a (id, v) VALUES ('x', 'a;b');
                """;
        assertThat(Migration.split(cql)).containsExactly(
                "CREATE TABLE a (\n    id text PRIMARY KEY, -- trailing comment kept; harmless\n    v text\n)",
                "INSERT INTO a (id, v) VALUES ('x', 'a;b')");
    }

    @Test
    void rejectsAStatementWithoutTerminator() {
        assertThatThrownBy(() -> Migration.split("CREATE TABLE a (id text PRIMARY KEY)\n"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("does not end with ';'");
    }

    @Test
    void readsVersionAndDescriptionFromTheFileName() {
        Migration m = Migration.of("V012__scan_records.cql", "CREATE TABLE t (id int PRIMARY KEY);\n");
        assertThat(m.version()).isEqualTo(12);
        assertThat(m.description()).isEqualTo("scan records");
        assertThat(m.statements()).hasSize(1);
    }

    @Test
    void checksumIgnoresLineEndingStyleButNotContent() {
        Migration lf = Migration.of("V001__a.cql", "CREATE TABLE t (id int PRIMARY KEY);\n");
        Migration crlf = Migration.of("V001__a.cql", "CREATE TABLE t (id int PRIMARY KEY);\r\n");
        Migration edited = Migration.of("V001__a.cql", "CREATE TABLE t (id bigint PRIMARY KEY);\n");
        assertThat(crlf.checksum()).isEqualTo(lf.checksum()).hasSize(64);
        assertThat(edited.checksum()).isNotEqualTo(lf.checksum());
    }

    @Test
    void rejectsBadFileNamesAndDuplicateVersions() {
        assertThatThrownBy(() -> Migration.of("001_a.cql", "SELECT 1;"))
                .hasMessageContaining("must look like V001__");
        Migration a = Migration.of("V001__a.cql", "CREATE TABLE a (id int PRIMARY KEY);");
        Migration b = Migration.of("V001__b.cql", "CREATE TABLE b (id int PRIMARY KEY);");
        assertThatThrownBy(() -> Migrations.ordered(List.of(a, b))).hasMessageContaining("share version 1");
    }

    @Test
    void findsTheProjectMigrationsInVersionOrder() {
        List<Migration> all = Migrations.fromClasspath();
        assertThat(all).isNotEmpty();
        assertThat(all.get(0).fileName()).isEqualTo("V001__foundation.cql");
        assertThat(all).isSortedAccordingTo((x, y) -> Integer.compare(x.version(), y.version()));
    }
}
