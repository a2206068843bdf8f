package org.markauth.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.markauth.access.Principal;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.certificate.Certificate;

/**
 * The demo's licence certificates (issue 19, docs/certificates.md): the programme office issues FS-JINTAO's
 * floor tile its certificate, then reissues it (as after a renewal), so the console and the portal show a
 * current certificate and a superseded one; the current one's PDF goes to the print directory, and the
 * printout names both QR codes (the current one answers "valid certificate", the old one "superseded by
 * No. …"). Runs once, with the first seed.
 */
final class DemoCertificate {

    private final IssuerServices s;
    private final Principal regulator = Principal.regulator("demo-seed");

    DemoCertificate(IssuerServices s) {
        this.s = s;
    }

    void seed(DemoState st, Path printDir) throws IOException {
        Certificate first = s.certificates.issue(regulator, DemoProgramme.PRODUCT_TILE);
        Certificate current = s.certificates.issue(regulator, DemoProgramme.PRODUCT_TILE);   // the reissue supersedes the first
        Path pdf = printDir.resolve("certificate-" + current.certificateNo() + ".pdf");
        Files.write(pdf, s.certificates.pdf(regulator, current.certificateNo()));
        st.put("certificate.no", current.certificateNo());
        st.put("certificate.url", current.url());
        st.put("certificate.superseded.no", first.certificateNo());
        st.put("certificate.superseded.url", first.url());
        st.put("certificate.pdf", pdf.toString());
    }

    static String summary(DemoState st, String verifyBase) {
        if (st.find("certificate.no").isEmpty()) {
            return "Certificates: this demo was seeded before licence certificates existed; ops/run --reset seeds them\n\n";
        }
        return "Licence certificates (docs/certificates.md; console /console/certificates, portal /portal/certificates):\n"
                + "  certificate QR: " + DemoSeed.local(st.get("certificate.url"), verifyBase) + "   (No. " + st.get("certificate.no")
                + ", product " + DemoProgramme.PRODUCT_TILE + ": 有效证书 / valid certificate)\n"
                + "  superseded certificate QR: " + DemoSeed.local(st.get("certificate.superseded.url"), verifyBase) + "   (No. "
                + st.get("certificate.superseded.no") + ": superseded by No. " + st.get("certificate.no") + ")\n"
                + "  certificate PDF  " + st.get("certificate.pdf") + "\n\n";
    }
}
