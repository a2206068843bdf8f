package org.markauth.issuer.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** EPC URNs <-> canonical GS1 Digital Link URIs (TDS 2.x section 6, GS1 Digital Link 1.2 section 4.11). */
class EpcUrisTest {

    @Test
    void everyEpcSchemeBecomesItsCanonicalDigitalLinkWithTheCheckDigitComputed() {
        assertThat(EpcUris.canonical("urn:epc:id:sgtin:0614141.107346.2017"))
                .isEqualTo("https://id.gs1.org/01/10614141073464/21/2017");
        assertThat(EpcUris.canonical("urn:epc:id:sscc:4012345.0000000111"))
                .isEqualTo("https://id.gs1.org/00/040123450000001112");
        assertThat(EpcUris.canonical("urn:epc:id:sgln:4012345.00011.987"))
                .isEqualTo("https://id.gs1.org/414/4012345000115/254/987");
        assertThat(EpcUris.canonical("urn:epc:id:sgln:4012345.00005.0")).isEqualTo("https://id.gs1.org/414/4012345000054");
        assertThat(EpcUris.canonical("urn:epc:id:grai:4012345.55555.987"))
                .isEqualTo("https://id.gs1.org/8003/04012345555554987");
        assertThat(EpcUris.canonical("urn:epc:id:giai:4000001.111")).isEqualTo("https://id.gs1.org/8004/4000001111");
        assertThat(EpcUris.canonical("urn:epc:id:gsrn:4012345.0000000001"))
                .isEqualTo("https://id.gs1.org/8018/401234500000000012");
        assertThat(EpcUris.canonical("urn:epc:id:gdti:0614141.00001.1618034"))
                .isEqualTo("https://id.gs1.org/253/06141410000121618034");
        assertThat(EpcUris.canonical("urn:epc:id:pgln:4012345.00225")).isEqualTo("https://id.gs1.org/417/4012345002256");
        assertThat(EpcUris.canonical("urn:epc:id:cpi:0614141.123ABC.123456789"))
                .isEqualTo("https://id.gs1.org/8010/0614141123ABC/8011/123456789");
        assertThat(EpcUris.canonical("urn:epc:class:lgtin:4012345.012345.998877"))
                .isEqualTo("https://id.gs1.org/01/04012345123456/10/998877");
        assertThat(EpcUris.canonical("urn:epc:idpat:sgtin:4012345.098765.*"))
                .isEqualTo("https://id.gs1.org/01/04012345987652");
    }

    @Test
    void serialCharactersThatAPathMustEscapeAreEscaped() {
        assertThat(EpcUris.canonical("urn:epc:id:sgtin:4012345.011111.A!B:C.D"))
                .isEqualTo("https://id.gs1.org/01/04012345111118/21/A%21B%3AC.D");
    }

    @Test
    void aDigitalLinkOnAnyHostIsConstrainedToTheFinestKeyOnIdGs1Org() {
        assertThat(EpcUris.canonical("https://brand.example.com/01/04012345111118/10/LOT/21/9876?17=250101"))
                .isEqualTo("https://id.gs1.org/01/04012345111118/21/9876");
        assertThat(EpcUris.canonical("http://example.org/gtin/4012345111118/lot/L1"))
                .isEqualTo("https://id.gs1.org/01/04012345111118/10/L1");
        assertThat(EpcUris.canonical("https://example.org/8004/401234599999")).isEqualTo("https://id.gs1.org/8004/401234599999");
        assertThat(EpcUris.canonical("https://id.gs1.org/01/04012345111118/22/CPV/21/9"))
                .isEqualTo("https://id.gs1.org/01/04012345111118/21/9");
    }

    @Test
    void otherUrisAndBadCheckDigitsComeBackAsGiven() {
        for (String s : new String[] {"urn:markauth:mark:12:00000000000000ff", "http://transaction.acme.com/po/12345678",
                "geo:50.9,6.9", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "https://id.gs1.org/01/04012345111119/21/1",
                "urn:epc:id:sgtin:123.456.7", "urn:epcglobal:cbv:bt:4012345000009:PO1", "", "shipping"}) {
            assertThat(EpcUris.canonical(s)).as(s).isEqualTo(s);
        }
        assertThat(EpcUris.isGs1Key("urn:markauth:mark:12:00000000000000ff")).isFalse();
        assertThat(EpcUris.isGs1Key("urn:epc:id:sscc:4012345.0000000111")).isTrue();
        assertThat(EpcUris.isGs1Key("https://id.gs1.org/00/040123450000001112")).isTrue();
    }

    @Test
    void backToEpcUrnsWithTheCompanyPrefixLength() {
        assertThat(EpcUris.toEpcUrn("https://id.gs1.org/01/10614141073464/21/2017", 7))
                .isEqualTo("urn:epc:id:sgtin:0614141.107346.2017");
        assertThat(EpcUris.toEpcUrn("https://x.example/00/040123450000001112", 7))
                .isEqualTo("urn:epc:id:sscc:4012345.0000000111");
        assertThat(EpcUris.toEpcUrn("https://id.gs1.org/414/4012345000115/254/987", 7))
                .isEqualTo("urn:epc:id:sgln:4012345.00011.987");
        assertThat(EpcUris.toEpcUrn("https://id.gs1.org/414/4012345000054", 7)).isEqualTo("urn:epc:id:sgln:4012345.00005.0");
        assertThat(EpcUris.toEpcUrn("https://id.gs1.org/01/04012345123456/10/998877", 7))
                .isEqualTo("urn:epc:class:lgtin:4012345.012345.998877");
        assertThat(EpcUris.toEpcUrn("https://id.gs1.org/01/04012345111118/21/A%2FB", 7))
                .isEqualTo("urn:epc:id:sgtin:4012345.011111.A%2FB");
        assertThatThrownBy(() -> EpcUris.toEpcUrn("https://id.gs1.org/8004/401234599999", 7))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EpcUris.toEpcUrn("https://id.gs1.org/00/040123450000001112", 13))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 to 12");
    }
}
