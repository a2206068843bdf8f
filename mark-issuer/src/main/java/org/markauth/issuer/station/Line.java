package org.markauth.issuer.station;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A licensee's packing line (table {@code lines}, V017): the unit batches it activates, packs and
 * rejects, how many units go into a case and how many cases onto a pallet. Validated here, so a
 * line read from JSON or Cassandra is always whole.
 */
public record Line(String lineId, String licenseeId, String name, List<Integer> batchIds, int packSize, int casesPerPallet,
                   Instant createdAt) {

    public static final int MAX_BATCHES = 50;
    public static final int MAX_PACK_SIZE = 10_000;
    public static final int MAX_CASES_PER_PALLET = 1_000;
    public static final int MAX_NAME = 80;
    static final Pattern ID = Pattern.compile("L[0-9a-f]{12}");

    public Line {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(licenseeId, "licenseeId");
        name = checkName(name);
        batchIds = checkBatches(batchIds);
        checkSizes(packSize, casesPerPallet);
    }

    static String checkName(String name) {
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            throw new IllegalArgumentException("name must be 1-" + MAX_NAME + " characters (e.g. \"Line 3, ground floor\"), got "
                    + (name == null ? "none" : name.strip().length() + " characters"));
        }
        return name.strip();
    }

    static List<Integer> checkBatches(List<Integer> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > MAX_BATCHES) {
            throw new IllegalArgumentException("batchIds must list 1-" + MAX_BATCHES + " batches of the licensee, got "
                    + (ids == null ? "none" : ids.size()));
        }
        if (ids.stream().distinct().count() != ids.size()) {
            throw new IllegalArgumentException("batchIds lists a batch twice: " + ids);
        }
        return List.copyOf(ids);
    }

    static void checkSizes(int packSize, int casesPerPallet) {
        if (packSize < 1 || packSize > MAX_PACK_SIZE) {
            throw new IllegalArgumentException("packSize (units per case) must be 1-" + MAX_PACK_SIZE + ", got " + packSize);
        }
        if (casesPerPallet < 1 || casesPerPallet > MAX_CASES_PER_PALLET) {
            throw new IllegalArgumentException("casesPerPallet must be 1-" + MAX_CASES_PER_PALLET + ", got " + casesPerPallet);
        }
    }

    /** The line as a URI, for the EPCIS readPoint of its packs. */
    public String readPoint() {
        return "urn:markauth:line:" + lineId;
    }
}
