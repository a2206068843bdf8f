package org.markauth.issuer.supervision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The random draw of 双随机一公开 (random enterprises × random inspectors, the result published), as
 * a pure function of a published seed and the candidate lists, so anyone holding the seed and the
 * lists can re-draw it and get the same result (docs/supervision.md, "The draw", gives the algorithm
 * and a test vector). Nothing here depends on the order of the lists, the clock or a random source:
 * every choice is a ranking by {@code H(x) = lowercase hex SHA-256 of the UTF-8 bytes of x}.
 * (1) Enterprises are ranked by {@code H(seed + "|enterprise|" + licenseeId)} (ties, which SHA-256
 * makes practically impossible, by licenseeId) and the first {@code count} are drawn.
 * (2) For each drawn enterprise, its product is the one of its candidate products with the lowest
 * {@code H(seed + "|product|" + licenseeId + "|" + productId)} (productId in decimal).
 * (3) Its inspectors are the first {@code perTask} of the eligible inspectors ranked by
 * {@code H(seed + "|inspector|" + licenseeId + "|" + inspectorId)}; eligible means of another district
 * than the enterprise's (when the enterprise's district is known) and not declaring a conflict with it.
 * A draw that cannot give some enterprise {@code perTask} inspectors is refused, naming the enterprise:
 * the office widens its pool or lowers the number, and draws again with a new published seed.
 */
public final class RandomDraw {

    /** An enterprise that may be drawn: a licensee holding an active licence, its district code (null: outside the programme's districts) and the licensed products. */
    public record Enterprise(String licenseeId, String district, List<Integer> productIds) {
        public Enterprise {
            Objects.requireNonNull(licenseeId, "licenseeId");
            productIds = List.copyOf(productIds).stream().sorted().toList();
            if (productIds.isEmpty()) {
                throw new IllegalArgumentException("enterprise " + licenseeId + " has no licensed product to sample");
            }
        }
    }

    /** An inspector that may be drawn: its district code and the licensees it declared a conflict with. */
    public record Inspector(String inspectorId, String district, Set<String> conflicts) {
        public Inspector {
            Objects.requireNonNull(inspectorId, "inspectorId");
            conflicts = Set.copyOf(conflicts == null ? Set.of() : conflicts);
        }

        /** May this inspector inspect {@code e}: another district, no declared conflict. */
        public boolean mayInspect(Enterprise e) {
            return !conflicts.contains(e.licenseeId()) && (e.district() == null || !e.district().equals(district));
        }
    }

    /** The lists a draw was made from, sorted by id (their order does not change the result). */
    public record Candidates(List<Enterprise> enterprises, List<Inspector> inspectors) {
        public Candidates {
            enterprises = enterprises.stream().sorted(Comparator.comparing(Enterprise::licenseeId)).toList();
            inspectors = inspectors.stream().sorted(Comparator.comparing(Inspector::inspectorId)).toList();
        }
    }

    /** One drawn enterprise: the product to sample and its inspectors, in drawn order. */
    public record Pick(String licenseeId, int productId, List<String> inspectorIds) {
        public Pick {
            inspectorIds = List.copyOf(inspectorIds);
        }
    }

    public static final int MAX_SEED = 200;

    private RandomDraw() {
    }

    /**
     * Draws {@code count} enterprises (all, when fewer) and {@code perTask} inspectors for each.
     *
     * @throws IllegalArgumentException for a blank or over-long seed, or counts below 1
     * @throws NotEnoughInspectors when an enterprise has fewer eligible inspectors than {@code perTask}
     */
    public static List<Pick> draw(String seed, Candidates c, int count, int perTask) {
        if (seed == null || seed.isBlank() || seed.length() > MAX_SEED) {
            throw new IllegalArgumentException("the seed must be 1-" + MAX_SEED + " characters (the number the office published), got "
                    + (seed == null ? "none" : seed.length() + " characters"));
        }
        if (count < 1 || perTask < 1) {
            throw new IllegalArgumentException("a draw needs at least one enterprise and one inspector per enterprise, got " + count
                    + " and " + perTask);
        }
        List<Enterprise> drawn = c.enterprises().stream()
                .sorted(Comparator.comparing((Enterprise e) -> h(seed + "|enterprise|" + e.licenseeId())).thenComparing(Enterprise::licenseeId))
                .limit(count).toList();
        return drawn.stream().map(e -> {
            int product = e.productIds().stream()
                    .min(Comparator.comparing((Integer id) -> h(seed + "|product|" + e.licenseeId() + "|" + id)).thenComparing(id -> id))
                    .orElseThrow();
            List<String> inspectors = c.inspectors().stream().filter(i -> i.mayInspect(e))
                    .sorted(Comparator.comparing((Inspector i) -> h(seed + "|inspector|" + e.licenseeId() + "|" + i.inspectorId()))
                            .thenComparing(Inspector::inspectorId))
                    .limit(perTask).map(Inspector::inspectorId).toList();
            if (inspectors.size() < perTask) {
                throw new NotEnoughInspectors(e.licenseeId(), inspectors.size(), perTask);
            }
            return new Pick(e.licenseeId(), product, inspectors);
        }).toList();
    }

    /** {@code H(x)}: the lowercase hex SHA-256 of {@code x}'s UTF-8 bytes. */
    static String h(String x) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(x.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Too few eligible inspectors for an enterprise (a business refusal: the pool is too small). */
    public static final class NotEnoughInspectors extends RuntimeException {
        public NotEnoughInspectors(String licenseeId, int eligible, int needed) {
            super("enterprise " + licenseeId + " has " + eligible + " eligible inspectors (of other districts, without a declared "
                    + "conflict) and the draw needs " + needed + "; add inspectors to the pool or draw fewer per enterprise");
        }
    }
}
