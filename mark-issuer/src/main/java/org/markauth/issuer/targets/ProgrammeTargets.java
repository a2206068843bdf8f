package org.markauth.issuer.targets;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.audit.ChangeRecorder;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.console.Site;

/**
 * The programme's targets per phase (V028 {@code target_phases}): the numbers of the seed text
 * (佛山市人民政府 2020-10-14, 主要目标: by 2023 more than 100 Foshan standards made and more than 300
 * products evaluated; by 2025 more than 200 and 500) until the programme office saves its own, and
 * every save audited with who and why. Only the regulator sets targets.
 */
public final class ProgrammeTargets {

    /** One phase: the figures to reach by the end of {@code year}; a null figure has no target. */
    public record Phase(int year, Integer standards, Integer products, Integer enterprises, String setBy, Instant setAt) {
        public Phase {
            if (year < MIN_YEAR || year > MAX_YEAR) {
                throw new Site.FormError("targets.refused.year", Integer.toString(year), Integer.toString(MIN_YEAR),
                        Integer.toString(MAX_YEAR));
            }
            check(standards, "standards");
            check(products, "products");
            check(enterprises, "enterprises");
        }

        private static void check(Integer n, String what) {
            if (n != null && (n < 0 || n > MAX_TARGET)) {
                throw new Site.FormError("targets.refused.count", what, Integer.toString(n), Integer.toString(MAX_TARGET));
            }
        }

        /** Whether the numbers are the seed text's (never saved by the office). */
        public boolean fromSeed() {
            return setBy == null;
        }
    }

    public static final int MIN_YEAR = 2020;
    public static final int MAX_YEAR = 2050;
    public static final int MAX_TARGET = 100_000;
    private static final String SCOPE = "programme";

    /** The seed text's targets (no enterprise count is named there). */
    public static final List<Phase> SEED = List.of(
            new Phase(2023, 100, 300, null, null, null),
            new Phase(2025, 200, 500, null, null, null));

    private final CqlSession s;
    private final Clock clock;
    private final ChangeRecorder changes;
    private final PreparedStatement read;
    private final PreparedStatement write;

    public ProgrammeTargets(CqlSession s, Clock clock, ChangeRecorder changes) {
        this.s = s;
        this.clock = clock;
        this.changes = changes;
        read = s.prepare("SELECT year, standards, products, enterprises, set_by, set_at FROM target_phases WHERE scope = ?");
        write = s.prepare("INSERT INTO target_phases (scope, year, standards, products, enterprises, set_by, set_at, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** The phases by year: the seed's, each replaced by the office's row for its year, and the office's other years. */
    public List<Phase> phases() {
        Map<Integer, Phase> out = new TreeMap<>();
        SEED.forEach(p -> out.put(p.year(), p));
        for (Row r : s.execute(read.bind(SCOPE))) {
            out.put(r.getInt("year"), new Phase(r.getInt("year"), integer(r, "standards"), integer(r, "products"),
                    integer(r, "enterprises"), r.getString("set_by"), r.getInstant("set_at")));
        }
        return List.copyOf(out.values());
    }

    /** Sets one phase's targets (a new year adds a phase), audited as {@code targets.set} with the reason. */
    public Phase set(Principal p, int year, Integer standards, Integer products, Integer enterprises, String reason) {
        Permissions.requireRole(p, "set the programme's targets", Role.REGULATOR);
        if (reason == null || reason.isBlank()) {
            throw new Site.FormError("form.required", "reason");
        }
        Instant now = clock.instant();
        Phase ph = new Phase(year, standards, products, enterprises, p.userId(), now);
        s.execute(write.bind(SCOPE, year, standards, products, enterprises, p.userId(), now, reason.strip()));
        changes.audit(p.userId(), "targets.set", "targets:" + year,
                "standards=" + standards + " products=" + products + " enterprises=" + enterprises + ": " + reason.strip());
        return ph;
    }

    private static Integer integer(Row r, String col) {
        return r.isNull(col) ? null : r.getInt(col);
    }
}
