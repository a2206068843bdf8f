package org.markauth.demo;

/**
 * The printout's lines for enforcement officers: the officer web app (docs/officer-app.md) served by
 * the demo's verify-api, how to sign in, what to try on-line and off-line, and how a finished
 * inspection's evidence package is downloaded and checked.
 */
final class DemoOfficerApp {

    private DemoOfficerApp() {
    }

    static String summary(DemoState st, String verifyBase) {
        String app = verifyBase + "/officer/";
        return "Officers (the inspection app, docs/officer-app.md; Chinese, English by the switch):\n"
                + "  open " + app + " in Chromium or Chrome (a phone needs the HTTPS address of a real deployment:\n"
                + "  camera and offline use need a secure origin; on this machine http://127.0.0.1 is one)\n"
                + "  sign in with the officer token " + st.get("token.officer") + "; the browser registers its own device key\n"
                + "  scan a printed label with the camera, or type or paste a URL from the consumer list above and press Enter\n"
                + "  off-line: DevTools → Network → Offline (or flight mode): codes are still checked against the signed lists the\n"
                + "  app keeps (genuine, forged, recalled, voided), inspections are signed on the device and sent once back on-line\n"
                + st.find("officer.area").map(area -> "  work list (tab *Work list*): demo-officer's area is " + area
                        + " (set by the regulator: console → Officers); one open alert there, on unit " + st.get("officer.alert.unit")
                        + " of the main batch, to take and answer; the finding shows on the console's alert page\n").orElse("")
                + "  evidence of a sent inspection: curl -OJ -H 'Authorization: Bearer <officer token>' " + verifyBase
                + "/api/v1/officer/inspections/<id>/evidence\n"
                + "  then check it: java -jar scanner-cli/target/scanner-cli-0.1.0-SNAPSHOT-app.jar evidence verify inspection-<id>.zip"
                + " --root-key " + st.find("trust.root").orElse("<pinned root>") + "\n\n";
    }
}
