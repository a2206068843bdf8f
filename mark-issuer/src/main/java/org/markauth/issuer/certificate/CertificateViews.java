package org.markauth.issuer.certificate;

import java.util.List;

/** What the certificate pages of the console and the portal show (templates {@code certificates.jte}, {@code portal/certificates.jte}). */
public final class CertificateViews {

    private CertificateViews() {
    }

    /**
     * The console's page: products with an ACTIVE licence (issue or reissue), every certificate, and
     * the one just issued (null unless the page follows an issue).
     */
    public record ConsolePage(List<Certificates.Candidate> candidates, List<Certificates.Entry> certificates, String issued) {
        public ConsolePage {
            candidates = List.copyOf(candidates);
            certificates = List.copyOf(certificates);
        }
    }

    /** The portal's page: the licensee's certificates; {@code mayDownload} when the session's key has scope print. */
    public record PortalPage(List<Certificates.Entry> certificates, boolean mayDownload) {
        public PortalPage {
            certificates = List.copyOf(certificates);
        }
    }
}
