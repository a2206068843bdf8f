package org.markauth.verify.officer;

import io.vertx.ext.web.Router;
import org.markauth.verify.web.Guards;

/**
 * The officer app's server side (issue 17; docs/api-verify.md, "Officer app"): sessions, device
 * keys, photos, device-signed inspection records, and the app's files and configuration. Its
 * routes are mounted before {@link OfficerHandlers}' catch-all authentication of
 * {@code /api/v1/officer/*}, each behind its own guards (the inspection route reads a larger body
 * than the other JSON routes; the photo route reads its own; sign-in needs no key).
 */
public record OfficerApp(SessionHandlers sessions, DeviceHandlers devices, PhotoHandlers photos, InspectionHandlers inspections,
                         OfficerAppFiles files) {

    public void mount(Router r, Guards g) {
        sessions.mount(r, g);
        devices.mount(r, g);
        photos.mount(r, g);
        inspections.mount(r, g);
        files.mount(r);
    }
}
