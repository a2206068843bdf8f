package org.markauth.issuer.trace;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.auth.Permissions;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchStore;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Registry;
import org.markauth.issuer.serial.SerialPermutation;
import org.markauth.registry.MarkKey;
import org.markauth.sdk.mark.Serial;

/**
 * Marks as GS1 names them: a mark of a product with a GTIN is the SGTIN (GTIN, AI 21 = the mark's
 * 13-character base32 serial, docs/mark-format.md sections 4 and 6), and a container mark may also
 * carry an SSCC the issuer allocates under its licensee's GS1 Company Prefix (V022).
 *
 * <p>SGTIN to mark needs no table: the serial inverts under the issuer's serial key to (batch, seq)
 * ({@link SerialPermutation#invert}); the mark is the one named when that batch exists, its product's
 * GTIN is the GTIN given, seq is inside the batch and the mark was issued. The GTIN check is what
 * keeps a forger from relabelling: a real serial copied under another product's GTIN names no mark.
 * Every way of not naming a mark gets the same answer (UNKNOWN_MARK), so the refusal tells nothing
 * about which batch a guessed serial would fall in; a serial that cannot be a markauth serial (not 13
 * upper-case base32 characters) is FOREIGN_EPC.
 *
 * <p>SSCC allocation is idempotent per mark and safe with concurrent callers and issuer instances:
 * the serial reference comes from a per-licensee lightweight-transaction counter, the SSCC is claimed
 * ({@code mark_by_sscc IF NOT EXISTS}, so it names one mark whatever prefixes are registered) and then
 * the mark's row ({@code sscc_by_mark IF NOT EXISTS}); a caller who loses the second claim gives its
 * SSCC back and returns the winner's. A counter value lost that way is a gap, never a duplicate.
 * Calls block on Cassandra.
 */
public final class Gs1Marks {

    static final int MAX_ALLOCATION_ATTEMPTS = 32;

    /** A mark's GS1 forms; null fields where it has none (no GTIN, no company prefix, no SSCC). */
    public record Forms(String gtin, String serial, String sgtinUrn, String digitalLink, String sscc, String ssccUrn,
                        String ssccDigitalLink) {
        /** The GS1 EPC to show first: the SSCC URN of a container, else the SGTIN URN, else the Digital Link. */
        public String preferred() {
            return ssccUrn != null ? ssccUrn : sgtinUrn != null ? sgtinUrn : digitalLink;
        }
    }

    /** An SSCC of a mark; {@code created} false when the mark had it already. */
    public record Allocation(UnitRef mark, String sscc, String urn, String digitalLink, boolean created) {
    }

    private final CqlSession session;
    private final BatchStore batches;
    private final Registry registry;
    private final SerialPermutation serials;
    private final TraceStore store;
    private final Clock clock;
    private final PreparedStatement markBySscc;
    private final PreparedStatement ssccOfMark;
    private final PreparedStatement claimSscc;
    private final PreparedStatement releaseSscc;
    private final PreparedStatement claimMark;
    private final org.markauth.issuer.CasCounter references;
    private final PreparedStatement prefixOwner;

    public Gs1Marks(CqlSession session, BatchStore batches, Registry registry, SerialPermutation serials, TraceStore store, Clock clock) {
        this.session = session;
        this.batches = batches;
        this.registry = registry;
        this.serials = serials;
        this.store = store;
        this.clock = clock;
        markBySscc = session.prepare("SELECT batch_id, serial FROM mark_by_sscc WHERE sscc = ?");
        ssccOfMark = session.prepare("SELECT sscc, company_prefix FROM sscc_by_mark WHERE batch_id = ? AND serial = ?");
        claimSscc = session.prepare("INSERT INTO mark_by_sscc (sscc, batch_id, serial, company_prefix, licensee_id, allocated_at, "
                + "allocated_by) VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        releaseSscc = session.prepare("DELETE FROM mark_by_sscc WHERE sscc = ? IF batch_id = ? AND serial = ?");
        claimMark = session.prepare("INSERT INTO sscc_by_mark (batch_id, serial, sscc, company_prefix) VALUES (?, ?, ?, ?) IF NOT EXISTS");
        references = new org.markauth.issuer.CasCounter(session, "sscc_counters", "licensee_id", "next", MAX_ALLOCATION_ATTEMPTS);
        prefixOwner = session.prepare("SELECT licensee_id FROM licensee_by_gs1_prefix WHERE prefix = ?");
    }

    // ------------------------------------------------------------------ GS1 key -> mark

    /**
     * The programme product a GS1 product class names (an LGTIN or SGTIN pattern URN, or a Digital Link
     * {@code /01/<GTIN>[/10/<lot>]} on any host), or empty when the class is not a GS1 GTIN class or its
     * GTIN is no programme product's. The GTIN's GS1 Company Prefix (registered per licensee, V022) names
     * the licensee, whose products are then matched by GTIN: a class is the programme's only under a
     * prefix a licensee registered.
     */
    public Optional<Product> productOfClass(String epcClass) {
        String canonical = EpcUris.canonical(epcClass);
        String dl = "https://id.gs1.org/01/";
        if (canonical == null || !canonical.startsWith(dl) || canonical.length() < dl.length() + 14) {
            return Optional.empty();
        }
        String gtin = canonical.substring(dl.length(), dl.length() + 14);
        String rest = canonical.substring(dl.length() + 14);
        if (!gtin.chars().allMatch(Character::isDigit) || !(rest.isEmpty() || rest.startsWith("/10/"))) {
            return Optional.empty();
        }
        for (int n = 6; n <= 12; n++) {
            Row owner = session.execute(prefixOwner.bind(gtin.substring(1, 1 + n))).one();
            if (owner != null) {
                return registry.findProducts(owner.getString(0)).stream().filter(pr -> gtin.equals(pr.gtin())).findFirst();
            }
        }
        return Optional.empty();
    }


    /** The mark a GS1 key names, or EpcisException UNKNOWN_MARK / FOREIGN_EPC with a sentence. */
    public UnitRef resolve(Gs1Keys.Key key, String epc) {
        return key instanceof Gs1Keys.Sgtin s ? sgtin(s, epc) : sscc((Gs1Keys.Sscc) key, epc);
    }

    private UnitRef sgtin(Gs1Keys.Sgtin k, String epc) {
        String serial = k.serial();
        if (serial.length() != 13 || !serial.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
            throw new EpcisException("FOREIGN_EPC", "EPC '" + clip(epc) + "' has AI 21 serial '" + serial + "', which is not a "
                    + "markauth serial (13 upper-case base32 characters): it names no programme mark");
        }
        long value;
        try {
            value = Serial.ofBase32(serial).value();
        } catch (IllegalArgumentException e) {
            throw new EpcisException("FOREIGN_EPC", "EPC '" + clip(epc) + "' has AI 21 serial '" + serial + "', which is not a "
                    + "canonical markauth serial (its last character carries a padding bit): it names no programme mark");
        }
        int[] bs = serials.invert(value);
        UnitRef u = bs[0] > 0 ? new UnitRef(bs[0], value) : null;
        Batch b = u == null ? null : batches.batch(u.batchId()).orElse(null);
        String gtin = b == null ? null : registry.findProduct(b.productId()).map(Product::gtin).orElse(null);
        if (b == null || !k.gtin().equals(gtin) || bs[1] < 1 || bs[1] > b.quantity() || !store.markExists(u)) {
            throw new EpcisException("UNKNOWN_MARK", "EPC '" + clip(epc) + "' (GTIN " + k.gtin() + ", serial " + serial
                    + ") names no mark the programme issued under that GTIN; check the code and the GTIN");
        }
        return u;
    }

    private UnitRef sscc(Gs1Keys.Sscc k, String epc) {
        Row r = session.execute(markBySscc.bind(k.sscc())).one();
        if (r != null) {
            return TraceStore.ref(r.getInt("batch_id"), r.getByteBuffer("serial"));
        }
        for (int n = 6; n <= 12; n++) {
            if (session.execute(prefixOwner.bind(k.sscc().substring(1, 1 + n))).one() != null) {
                throw new EpcisException("UNKNOWN_MARK", "EPC '" + clip(epc) + "': SSCC " + k.sscc() + " is under a licensee's "
                        + "GS1 Company Prefix but the programme allocated it to no mark; allocate it with POST /api/v1/marks/sscc");
            }
        }
        throw new EpcisException("FOREIGN_EPC", "EPC '" + clip(epc) + "': SSCC " + k.sscc() + " is under no GS1 Company Prefix "
                + "registered in the programme: it names no programme mark");
    }

    // ------------------------------------------------------------------ mark -> GS1 forms

    /** The GS1 forms of a mark, or null when it has none (its product has no GTIN and it has no SSCC). */
    public Forms forms(UnitRef u) {
        return new Former().forms(u);
    }

    /** Forms of many marks (a case's contents), reading each batch's GTIN and prefix once. */
    public Former former() {
        return new Former();
    }

    /** Forms with a per-call memo of batch -> (GTIN, company prefix). Not thread-safe: one per call. */
    public final class Former {
        private final Map<Integer, String[]> byBatch = new HashMap<>();

        private Former() {
        }

        public Forms forms(UnitRef u) {
            String[] gp = byBatch.computeIfAbsent(u.batchId(), id -> batches.batch(id).map(b -> new String[] {
                    registry.findProduct(b.productId()).map(Product::gtin).orElse(null),
                    registry.findLicensee(b.licenseeId()).map(Licensee::gs1CompanyPrefix).orElse(null)}).orElse(new String[2]));
            String gtin = gp[0];
            String serial = new Serial(u.serial()).toBase32();
            String urn = null;
            String link = null;
            if (gtin != null) {
                link = Gs1Keys.digitalLink(new Gs1Keys.Sgtin(gtin, serial));
                if (gp[1] != null && gtin.startsWith(gp[1], 1)) {
                    urn = Gs1Keys.sgtinUrn(gtin, gp[1].length(), serial);
                }
            }
            Row s = session.execute(ssccOfMark.bind(u.batchId(), MarkKey.serialBytes(u.serial()))).one();
            String sscc = s == null ? null : s.getString("sscc");
            if (gtin == null && sscc == null) {
                return null;
            }
            return new Forms(gtin, gtin == null ? null : serial, urn, link, sscc,
                    sscc == null ? null : Gs1Keys.ssccUrn(sscc, s.getString("company_prefix").length()),
                    sscc == null ? null : Gs1Keys.digitalLink(new Gs1Keys.Sscc(sscc)));
        }
    }

    // ------------------------------------------------------------------ SSCC allocation

    /**
     * The SSCC of a container mark, allocated on first request (POST /api/v1/marks/sscc): the mark's
     * owning manufacturer or the regulator; another licensee's mark is "not found", as a missing one.
     */
    public Allocation allocate(Principal p, String epc, Epcs epcs) {
        Permissions.requireRole(p, "allocate SSCCs", Role.MANUFACTURER, Role.REGULATOR);
        UnitRef u = epcs.parseNamed(epc);
        Batch b = batches.batch(u.batchId()).orElseThrow(() -> new IssuerException.NotFound("mark", epc));
        if (!store.markExists(u)) {
            throw new IssuerException.NotFound("mark", epc);
        }
        // named as the caller wrote it: another licensee's mark answers exactly as a missing one
        Permissions.requireOwnOrHidden(p, true, b.licenseeId(), "mark", epc);
        return allocate(b.licenseeId(), u, p.userId());
    }

    /**
     * The line station's pack: the closed case or pallet gets its SSCC when its licensee has a GS1
     * Company Prefix (empty otherwise). The caller has checked the mark is the licensee's.
     */
    public Optional<Allocation> allocateOnPack(String licenseeId, UnitRef u, String actor) {
        Row s = session.execute(ssccOfMark.bind(u.batchId(), MarkKey.serialBytes(u.serial()))).one();
        if (s != null) {
            return Optional.of(allocation(u, s.getString("sscc"), s.getString("company_prefix"), false));
        }
        if (registry.findLicensee(licenseeId).map(Licensee::gs1CompanyPrefix).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(allocate(licenseeId, u, actor));
    }

    private Allocation allocate(String licenseeId, UnitRef u, String actor) {
        ByteBuffer serial = MarkKey.serialBytes(u.serial());
        Row had = session.execute(ssccOfMark.bind(u.batchId(), serial)).one();
        if (had != null) {
            return allocation(u, had.getString("sscc"), had.getString("company_prefix"), false);
        }
        String prefix = registry.findLicensee(licenseeId).map(Licensee::gs1CompanyPrefix).orElseThrow(() ->
                new IssuerException.Refused("NO_GS1_COMPANY_PREFIX", "licensee " + licenseeId + " has no GS1 Company Prefix "
                        + "registered, and an SSCC starts with one; the regulator registers it with PUT /api/v1/licensees/"
                        + licenseeId + "/gs1-company-prefix"));
        int refDigits = 17 - prefix.length();     // extension digit + serial reference
        long limit = (long) Math.pow(10, refDigits);
        for (int attempt = 0; attempt < MAX_ALLOCATION_ATTEMPTS; attempt++) {
            long n = nextReference(licenseeId);
            if (n >= limit) {
                throw new IssuerException.Refused("SSCC_EXHAUSTED", "licensee " + licenseeId + " has used all " + limit
                        + " SSCCs of GS1 Company Prefix " + prefix + "; register a longer-lived prefix");
            }
            String ref = String.format("%0" + refDigits + "d", n);
            String sscc = Gs1Keys.sscc(ref.charAt(0) + prefix + ref.substring(1));
            if (!session.execute(claimSscc.bind(sscc, u.batchId(), serial, prefix, licenseeId, clock.instant(), actor)).wasApplied()) {
                continue;   // taken under an overlapping prefix (or a prefix used before): the next reference
            }
            Row mine = session.execute(claimMark.bind(u.batchId(), serial, sscc, prefix)).one();
            if (mine.getBoolean("[applied]")) {
                return allocation(u, sscc, prefix, true);
            }
            session.execute(releaseSscc.bind(sscc, u.batchId(), serial));   // a concurrent call won: its SSCC is the mark's
            return allocation(u, mine.getString("sscc"), mine.getString("company_prefix"), false);
        }
        throw new IssuerException.Unavailable("SSCC_CONTENDED", "no free SSCC for licensee " + licenseeId + " after "
                + MAX_ALLOCATION_ATTEMPTS + " attempts; try again", null);
    }

    /** The next serial reference of a licensee, starting at 1. */
    private long nextReference(String licenseeId) {
        return references.next(licenseeId).orElseThrow(() -> new IssuerException.Unavailable("SSCC_CONTENDED",
                "the SSCC counter of licensee " + licenseeId + " is contended; try again", null));
    }

    private static Allocation allocation(UnitRef u, String sscc, String prefix, boolean created) {
        return new Allocation(u, sscc, Gs1Keys.ssccUrn(sscc, prefix.length()), Gs1Keys.digitalLink(new Gs1Keys.Sscc(sscc)), created);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
