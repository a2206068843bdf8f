package org.markauth.issuer.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void theFileStartsWithAByteOrderMarkSoExcelReadsChinese() {
        byte[] bytes = Csv.of(List.of("区", "产品"), List.of(List.of("禅城区", "3"))).getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("\uFEFF区,产品\r\n禅城区,3\r\n");
    }

    @Test
    void cellsThatASpreadsheetWouldReadAsAFormulaBecomeText() {
        assertThat(Csv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(Csv.cell("+1")).isEqualTo("'+1");
        assertThat(Csv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.cell("\tx")).isEqualTo("'\tx");
        assertThat(Csv.cell("a=b")).isEqualTo("a=b");
        assertThat(Csv.cell("12")).isEqualTo("12");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedAndNullIsEmpty() {
        assertThat(Csv.cell("佛山, 南海")).isEqualTo("\"佛山, 南海\"");
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.cell(null)).isEmpty();
    }
}
