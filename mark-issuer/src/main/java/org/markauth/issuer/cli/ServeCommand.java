package org.markauth.issuer.cli;

import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerServices;
import picocli.CommandLine.Command;

/** {@code issuer serve}: the HTTP API and the periodic sweeps, until the process ends. */
@Command(name = "serve", description = "serve the HTTP API (and run the unused-mark and licence expiry sweeps)")
final class ServeCommand extends IssuerCommand {
    @Override
    Integer run(Issuer issuer, IssuerServices s) throws Exception {
        issuer.serve();
        return 0;
    }
}
