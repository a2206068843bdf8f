package org.markauth.issuer.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A company licensed by the programme. The blacklist flag is the programme's quality-credit
 * sanction: a blacklisted licensee cannot order marks, and verification says so.
 * {@code gs1CompanyPrefix} (V022, optional): its GS1 Company Prefix, 6 to 12 digits, which splits its
 * SGTIN URNs and starts the SSCCs the issuer allocates for it; set apart from the other details
 * ({@link Registry#setGs1CompanyPrefix}), as the blacklist is.
 */
public record Licensee(String licenseeId, String name, String nameEn, String uscc, String address,
                       Map<String, String> contacts, boolean blacklisted, String blacklistReason,
                       Instant blacklistedSince, Instant createdAt, Instant updatedAt, String gs1CompanyPrefix) {

    /** A licensee without a GS1 Company Prefix. */
    public Licensee(String licenseeId, String name, String nameEn, String uscc, String address,
                    Map<String, String> contacts, boolean blacklisted, String blacklistReason,
                    Instant blacklistedSince, Instant createdAt, Instant updatedAt) {
        this(licenseeId, name, nameEn, uscc, address, contacts, blacklisted, blacklistReason, blacklistedSince, createdAt,
                updatedAt, null);
    }

    public Licensee {
        Checks.id("licenseeId", licenseeId);
        Checks.text("name", name, 1, 200);
        Checks.optionalText("nameEn", nameEn, 200);
        String p = Uscc.problem(uscc);
        if (p != null) {
            throw new IllegalArgumentException("uscc: " + p);
        }
        Checks.optionalText("address", address, 500);
        contacts = Checks.smallMap("contacts", contacts, 20, 200);
        if (blacklisted && (blacklistReason == null || blacklistReason.isBlank())) {
            throw new IllegalArgumentException("blacklistReason is required when a licensee is blacklisted");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (gs1CompanyPrefix != null && !isGs1CompanyPrefix(gs1CompanyPrefix)) {
            throw new IllegalArgumentException("gs1CompanyPrefix must be 6 to 12 digits, got '" + gs1CompanyPrefix + "'");
        }
    }

    /** The registry details a regulator may edit, without the blacklist state and timestamps. */
    public record Details(String licenseeId, String name, String nameEn, String uscc, String address,
                          Map<String, String> contacts) {
        public Licensee toNew(Instant now) {
            return new Licensee(licenseeId, name, nameEn, uscc, address, contacts, false, null, null, now, now);
        }
    }

    public Licensee withDetails(Details d, Instant now) {
        return new Licensee(licenseeId, d.name(), d.nameEn(), d.uscc(), d.address(), d.contacts(), blacklisted,
                blacklistReason, blacklistedSince, createdAt, now, gs1CompanyPrefix);
    }

    public Licensee withBlacklist(boolean on, String reason, Instant now) {
        return new Licensee(licenseeId, name, nameEn, uscc, address, contacts, on, on ? reason : null,
                on ? now : null, createdAt, now, gs1CompanyPrefix);
    }

    /** A GS1 Company Prefix is 6 to 12 digits (GS1 EPC Tag Data Standard 2.x section 6.3.1). */
    public static boolean isGs1CompanyPrefix(String s) {
        return s != null && s.matches("[0-9]{6,12}");
    }

    public Licensee withGs1CompanyPrefix(String prefix, Instant now) {
        return new Licensee(licenseeId, name, nameEn, uscc, address, contacts, blacklisted, blacklistReason, blacklistedSince,
                createdAt, now, prefix);
    }
}
