package org.markauth.issuer.registry;

import java.util.List;
import java.util.Optional;

/**
 * The programme's districts: Foshan's five (GB/T 2260 administrative-division codes), and which one
 * an enterprise belongs to. A Unified Social Credit Code (GB 32100-2015) carries, in its characters
 * 3 to 8, the division code of the authority that registered the enterprise; that is the district
 * the programme counts the enterprise in, checks expert conflicts against and draws inspections by,
 * so no separate field can disagree with the licence's own code.
 */
public final class Districts {

    /** One district: its six-digit division code and its names. */
    public record District(String code, String nameZh, String nameEn) {
        public String name(boolean english) {
            return english ? nameEn : nameZh;
        }
    }

    /** Foshan (佛山市, 4406), by code. */
    public static final List<District> FOSHAN = List.of(
            new District("440604", "禅城区", "Chancheng"),
            new District("440605", "南海区", "Nanhai"),
            new District("440606", "顺德区", "Shunde"),
            new District("440607", "三水区", "Sanshui"),
            new District("440608", "高明区", "Gaoming"));

    private Districts() {
    }

    /** The district code a USCC names (characters 3..8), or empty when the code is not a valid USCC. */
    public static Optional<String> code(String uscc) {
        return uscc == null || !Uscc.isValid(uscc) ? Optional.empty() : Optional.of(uscc.substring(2, 8));
    }

    /** The programme district of {@code uscc}, or empty when it was registered outside Foshan's districts. */
    public static Optional<District> of(String uscc) {
        return code(uscc).flatMap(Districts::byCode);
    }

    public static Optional<District> byCode(String code) {
        return FOSHAN.stream().filter(d -> d.code().equals(code)).findFirst();
    }
}
