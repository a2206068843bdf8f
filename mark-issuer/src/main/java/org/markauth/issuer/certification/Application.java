package org.markauth.issuer.certification;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.markauth.issuer.registry.Checks;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;

/**
 * One certification application as it stands: what the applicant filed ({@link Filing}) and what
 * the office has done with it (state, evaluation body and experts, decision, notice, licence).
 */
public record Application(UUID appId, Filing filing, AppState state, Instant stateSince, String filedBy, String filedRole,
                          Instant filedAt, String bodyId, List<String> expertIds, String decision, String decisionReason,
                          UUID noticeId, Integer productId, String licenceNo, String note) {

    public Application {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(filing, "filing");
        Objects.requireNonNull(state, "state");
        expertIds = expertIds == null ? List.of() : List.copyOf(expertIds);
    }

    /** This application in {@code to} since {@code since}, with {@code note} as its last note. */
    public Application with(AppState to, Instant since, String note) {
        return new Application(appId, filing, to, since, filedBy, filedRole, filedAt, bodyId, expertIds, decision, decisionReason,
                noticeId, productId, licenceNo, note);
    }

    public String id() {
        return appId.toString();
    }

    /** How long it has been in its state at {@code now}. */
    public Duration age(Instant now) {
        return Duration.between(stateSince, now);
    }

    /** Whether it has been in its state longer than the state's SLA. */
    public boolean overdue(Instant now) {
        return state.sla() != null && age(now).compareTo(state.sla()) > 0;
    }

    /** The product's name as the applicant declared it. */
    public String productName() {
        return filing.product().name();
    }

    /**
     * What an applicant files: the licensee (an existing one by id, or a new enterprise's details
     * including its USCC), the product, the standard and version it claims, and the link to its
     * self-declaration on the enterprise-standard public platform (an https URL). A renewal names
     * the licensed product it renews ({@code renewalOf}); its product details are the registry's.
     */
    public record Filing(String licenseeId, Licensee.Details newLicensee, Product.Details product, String standardNo,
                         String standardVersion, String declarationUrl, Integer renewalOf) {

        public Filing {
            Checks.id("licenseeId", licenseeId);
            if (newLicensee != null) {
                if (!licenseeId.equals(newLicensee.licenseeId())) {
                    throw new IllegalArgumentException("newLicensee.licenseeId (" + newLicensee.licenseeId()
                            + ") must be the application's licenseeId (" + licenseeId + ")");
                }
                newLicensee.toNew(Instant.EPOCH);   // validates name, USCC (check character), address, contacts
                if (renewalOf != null) {
                    throw new IllegalArgumentException("a renewal is filed by the product's licensee: leave newLicensee out");
                }
            }
            Objects.requireNonNull(product, "product is required: name, category, model of the product to certify");
            if (!licenseeId.equals(product.licenseeId())) {
                throw new IllegalArgumentException("product.licenseeId must be the application's licenseeId (" + licenseeId + ")");
            }
            product.toProduct(1, Instant.EPOCH, Instant.EPOCH);   // validates the product's fields
            Checks.text("standardNo", standardNo, 1, 64);
            Checks.text("standardVersion", standardVersion, 1, 32);
            declarationUrl = https("declarationUrl", declarationUrl);
            if (renewalOf != null && renewalOf <= 0) {
                throw new IllegalArgumentException("renewalOf must be a product id (a positive number), got " + renewalOf);
            }
        }

        public boolean renewal() {
            return renewalOf != null;
        }

        static String https(String field, String v) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(field + " is required: the https URL of the product's self-declaration on the "
                        + "enterprise-standard public platform");
            }
            String u = v.strip();
            if (u.length() > 500) {
                throw new IllegalArgumentException(field + " must be at most 500 characters, got " + u.length());
            }
            URI uri;
            try {
                uri = new URI(u);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(field + ": '" + (u.length() > 60 ? u.substring(0, 60) + "…" : u) + "' is not a URL");
            }
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException(field + " must be an https URL with a host (and no user name), got '"
                        + (u.length() > 60 ? u.substring(0, 60) + "…" : u) + "'");
            }
            return u;
        }
    }
}
