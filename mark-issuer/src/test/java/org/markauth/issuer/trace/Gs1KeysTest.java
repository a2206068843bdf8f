package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GS1 key syntax against the standards' own examples: GS1 EPC Tag Data Standard 2.x sections 6.3.1
 * (SGTIN: urn:epc:id:sgtin:0614141.812345.6789 is GTIN 80614141123458 serial 6789;
 * 0614141.712345.32a%2Fb has serial "32a/b") and 6.3.2 (SSCC: urn:epc:id:sscc:0614141.1234567890 is
 * SSCC 106141412345678908), GS1 Digital Link 1.2 (GTIN 09506000134352, path prefixes, qualifiers).
 */
class Gs1KeysTest {

    @Test
    void readsTheTagDataStandardsSgtinExample() {
        assertThat(Gs1Keys.parse("urn:epc:id:sgtin:0614141.812345.6789")).isEqualTo(new Gs1Keys.Sgtin("80614141123458", "6789"));
        assertThat(Gs1Keys.parse("urn:epc:id:sgtin:0614141.712345.32a%2Fb")).isEqualTo(new Gs1Keys.Sgtin("70614141123451", "32a/b"));
    }

    @Test
    void writesSgtinUrnsWithTheCompanyPrefixSplitAndEscapes() {
        assertThat(Gs1Keys.sgtinUrn("80614141123458", 7, "6789")).isEqualTo("urn:epc:id:sgtin:0614141.812345.6789");
        assertThat(Gs1Keys.sgtinUrn("70614141123451", 7, "32a/b")).isEqualTo("urn:epc:id:sgtin:0614141.712345.32a%2Fb");
        assertThat(Gs1Keys.sgtinUrn("09506000134352", 9, "ABCDEFGHIJKLM")).isEqualTo("urn:epc:id:sgtin:950600013.0435.ABCDEFGHIJKLM");
        // the same GTIN under any split is the same key: the URN round-trips
        assertThat(Gs1Keys.parse(Gs1Keys.sgtinUrn("09506000134352", 9, "X1"))).isEqualTo(new Gs1Keys.Sgtin("09506000134352", "X1"));
    }

    @Test
    void readsAndWritesTheTagDataStandardsSsccExample() {
        assertThat(Gs1Keys.parse("urn:epc:id:sscc:0614141.1234567890")).isEqualTo(new Gs1Keys.Sscc("106141412345678908"));
        assertThat(Gs1Keys.ssccUrn("106141412345678908", 7)).isEqualTo("urn:epc:id:sscc:0614141.1234567890");
        assertThat(Gs1Keys.sscc("10614141234567890")).isEqualTo("106141412345678908");
        assertThat(Gs1Keys.digitalLink(new Gs1Keys.Sscc("106141412345678908"))).isEqualTo("https://id.gs1.org/00/106141412345678908");
    }

    @Test
    void checkDigitsAreGs1ModTen() {
        assertThat(Gs1Keys.checkDigit("0950600013435")).isEqualTo('2');
        assertThat(Gs1Keys.checkDigit("8061414112345")).isEqualTo('8');
        assertThat(Gs1Keys.checkDigit("10614141234567890")).isEqualTo('8');
        assertThat(Gs1Keys.checkDigit("0401234511111")).isEqualTo('8');
        assertThat(Gs1Keys.checkDigit("04012345000000111")).isEqualTo('2'); // SSCC 040123450000001112
        assertThat(Gs1Keys.checkDigit("401234500005")).isEqualTo('4');    // GLN 4012345000054
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "a/b", "A!B:C(1)", "x\"%&<>?y", "*+,;='-._"})
    void writesTheSameLinkAndUrnAsEpcUris(String serial) {
        Gs1Keys.Sgtin k = new Gs1Keys.Sgtin("09506000134352", serial);
        String urn = Gs1Keys.sgtinUrn(k.gtin(), 9, serial);
        assertThat(Gs1Keys.digitalLink(k)).isEqualTo(EpcUris.canonical(urn));
        assertThat(EpcUris.toEpcUrn(Gs1Keys.digitalLink(k), 9)).isEqualTo(urn);
        assertThat(Gs1Keys.parse(Gs1Keys.digitalLink(k))).isEqualTo(k);
        assertThat(Gs1Keys.parse(urn)).isEqualTo(k);
    }

    @Test
    void readsDigitalLinksOnAnyHostWithPathPrefixAndQualifiers() {
        Gs1Keys.Sgtin k = new Gs1Keys.Sgtin("09506000134352", "12345");
        assertThat(Gs1Keys.parse("https://id.gs1.org/01/09506000134352/21/12345")).isEqualTo(k);
        assertThat(Gs1Keys.parse("https://example.com/01/09506000134352/21/12345?17=280101")).isEqualTo(k);
        assertThat(Gs1Keys.parse("https://example.com/some/path/01/09506000134352/10/ABC123/21/12345")).isEqualTo(k);
        assertThat(Gs1Keys.parse("http://example.com/01/9506000134352/21/12345#x")).isEqualTo(k);   // GTIN-13 padded
        assertThat(Gs1Keys.parse("https://example.com/01/09506000134352/21/32a%2Fb")).isEqualTo(new Gs1Keys.Sgtin("09506000134352", "32a/b"));
        assertThat(Gs1Keys.parse("https://example.com/00/106141412345678908")).isEqualTo(new Gs1Keys.Sscc("106141412345678908"));
        assertThat(Gs1Keys.digitalLink(k)).isEqualTo("https://id.gs1.org/01/09506000134352/21/12345");
        assertThat(Gs1Keys.digitalLink(new Gs1Keys.Sgtin("09506000134352", "a/b"))).isEqualTo("https://id.gs1.org/01/09506000134352/21/a%2Fb");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "urn:epc:id:sgtin:0614141.81234.6789",                 // 12 digits, not 13
            "urn:epc:id:sgtin:06141.8123456.6789",                 // prefix of 5 digits
            "urn:epc:id:sgtin:0614141.812345.",                    // no serial
            "urn:epc:id:sgtin:0614141.812345.123456789012345678901", // 21 characters
            "urn:epc:id:sgtin:0614141.812345.a%2",                 // broken escape
            "urn:epc:id:sgtin:0614141.812345.a b",                 // space is not in set 82
            "urn:epc:id:sscc:0614141.123456789",                   // 16 digits
            "https://example.com/01/09506000134353/21/12345",      // wrong check digit
            "https://example.com/01/0950600013435/21/12345",       // 13 digits with a wrong check digit
            "https://example.com/01/09506000134352/21/12345/10/ABC", // qualifiers out of order
            "https://example.com/00/106141412345678907",           // wrong SSCC check digit
            "https://example.com/00/106141412345678908/21/1",      // nothing follows an SSCC
    })
    void refusesKeysThatBreakTheSyntaxAsMalformed(String epc) {
        assertThatThrownBy(() -> Gs1Keys.parse(epc)).isInstanceOfSatisfying(EpcisException.class,
                e -> assertThat(e.code()).isEqualTo("MALFORMED_EPC"));
    }

    @Test
    void aGtinWithoutSerialIsAClassNotAnItem() {
        assertThatThrownBy(() -> Gs1Keys.parse("https://id.gs1.org/01/09506000134352")).isInstanceOfSatisfying(EpcisException.class,
                e -> assertThat(e.code()).isEqualTo("FOREIGN_EPC"));
    }

    @Test
    void recognisesGs1Forms() {
        assertThat(Gs1Keys.looksGs1("urn:epc:id:sgtin:0614141.812345.6789")).isTrue();
        assertThat(Gs1Keys.looksGs1("https://x.example/00/106141412345678908")).isTrue();
        assertThat(Gs1Keys.looksGs1("urn:epc:id:sgln:0614141.12345.0")).isFalse();
        assertThat(Gs1Keys.looksGs1("HTTPS://MKA.CN/M/ABC")).isFalse();
    }
}
