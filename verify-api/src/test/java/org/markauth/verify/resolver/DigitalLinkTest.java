package org.markauth.verify.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.mark.Serial;

/** GS1 Digital Link URI syntax as the resolver reads it; examples from the URI Syntax standard's own (GTIN 09520123456788). */
class DigitalLinkTest {

    static DigitalLink parse(String path) {
        return DigitalLink.parse(path, Map.of());
    }

    @Test
    void readsTheStandardsExamples() {
        DigitalLink g = parse("/01/09520123456788");
        assertThat(g.gtin()).isEqualTo("09520123456788");
        assertThat(g.lot()).isNull();
        assertThat(g.serial()).isNull();
        DigitalLink l = parse("/01/09520123456788/10/ABC123");
        assertThat(l.lot()).isEqualTo("ABC123");
        DigitalLink s = parse("/01/09520123456788/10/ABC%2F123/21/12345");
        assertThat(s.lot()).isEqualTo("ABC/123");
        assertThat(s.serial()).isEqualTo("12345");
        assertThat(s.uri("https://id.example")).isEqualTo("https://id.example/01/09520123456788/10/ABC%2F123/21/12345");
    }

    @Test
    void shorterGtinsAreReadWithLeadingZerosAndTrailingSlashesAreTolerated() {
        assertThat(parse("/01/9520123456788/").gtin()).isEqualTo("09520123456788");
        assertThat(parse("/01/95012346").gtin()).isEqualTo("00000095012346");
    }

    @Test
    void expiryIsReadFromTheQueryWithDay00TheLastDayOfTheMonth() {
        assertThat(DigitalLink.parse("/01/09520123456788", Map.of("17", "270600")).expiry()).isEqualTo(LocalDate.of(2027, 6, 30));
        assertThat(DigitalLink.parse("/01/09520123456788", Map.of("17", "280229")).expiry()).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThatThrownBy(() -> DigitalLink.parse("/01/09520123456788", Map.of("17", "271399")))
                .isInstanceOf(DigitalLink.Refusal.class).hasMessageContaining("not a date");
        assertThatThrownBy(() -> DigitalLink.parse("/01/09520123456788", Map.of("17", "2706")))
                .hasMessageContaining("six digits");
    }

    @Test
    void aMarkauthSerialIs13Base32CharactersInEitherCase() {
        Serial s = new Serial(0x0123_4567_89AB_CDEFL);
        String text = s.toBase32();
        assertThat(parse("/01/09520123456788/21/" + text).markSerial()).isEqualTo(s);
        assertThat(parse("/01/09520123456788/21/" + text.toLowerCase()).markSerial()).isEqualTo(s);
        assertThat(parse("/01/09520123456788/21/12345").markSerial()).isNull();   // valid AI 21, not a markauth serial: 404 later
        assertThat(parse("/01/09520123456788/21/" + text.substring(0, 12) + "B").markSerial()).isNull();   // non-canonical tail
    }

    @Test
    void refusesWhatIsNotAValidDigitalLinkWithASentence() {
        assertThatThrownBy(() -> parse("/01/09520123456789")).hasMessageContaining("check digit");
        assertThatThrownBy(() -> parse("/01/notagtin")).hasMessageContaining("8, 12, 13 or 14 digits");
        assertThatThrownBy(() -> parse("/01/095201234567880")).hasMessageContaining("8, 12, 13 or 14 digits");
        assertThatThrownBy(() -> parse("/01/09520123456788/foo")).hasMessageContaining("pairs");
        assertThatThrownBy(() -> parse("/01/09520123456788/21/1/foo")).hasMessageContaining("pairs");
        assertThatThrownBy(() -> parse("/01/09520123456788/8011/5")).hasMessageContaining("not a key qualifier");
        assertThatThrownBy(() -> parse("/01/09520123456788/21/1/10/A")).hasMessageContaining("order");
        assertThatThrownBy(() -> parse("/01/09520123456788/10/A/10/B")).hasMessageContaining("order");
        assertThatThrownBy(() -> parse("/01/09520123456788/21/" + "A".repeat(21))).hasMessageContaining("1 to 20");
        assertThatThrownBy(() -> parse("/01/09520123456788/21/")).hasMessageContaining("pairs");
        assertThatThrownBy(() -> parse("/01/09520123456788/21/A%7EB")).hasMessageContaining("character set 82");
        assertThatThrownBy(() -> parse("/01/09520123456788/21/A%zzB")).hasMessageContaining("percent-escape");
        assertThatThrownBy(() -> parse("/01/09520123456788/21/A%E2%80%8BB")).hasMessageContaining("character set 82");
        assertThatThrownBy(() -> parse("/01/" + "1".repeat(300))).hasMessageContaining("at most 256");
        assertThatThrownBy(() -> parse("/00/123")).hasMessageContaining("/01/");
    }

    @Test
    void linkTypesAreNamedByCurieOrAnyPublishedNamespaceSpelling() {
        assertThat(LinkType.named("gs1:pip")).isEqualTo(LinkType.PIP);
        assertThat(LinkType.named("https://gs1.org/voc/recallStatus")).isEqualTo(LinkType.RECALL_STATUS);
        assertThat(LinkType.named("https://ref.gs1.org/voc/certificationInfo")).isEqualTo(LinkType.CERTIFICATION_INFO);
        assertThat(LinkType.named("GS1:instructions")).isEqualTo(LinkType.INSTRUCTIONS);
        assertThat(LinkType.named("gs1:Pip")).isNull();
        assertThat(LinkType.named("gs1:nosuchlt")).isNull();
        assertThat(LinkType.named("schema:pip")).isNull();
        assertThat(LinkType.named("gs1:")).isNull();
    }
}
