package org.markauth.issuer.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerServices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issuer audit}: the audit trail of a UTC day or of one entity. */
@Command(name = "audit", description = "print the audit trail of a day (UTC) or of one entity")
final class AuditCommand extends IssuerCommand {
    @Option(names = "--day") LocalDate day;
    @Option(names = "--entity", description = "e.g. licensee:L1, licence:5, batch:123") String entity;
    @Option(names = "--limit") int limit = 100;

    @Override
    Integer run(Issuer issuer, IssuerServices s) {
        var entries = entity != null ? s.changes.entity(entity, limit)
                : s.changes.day(day != null ? day : LocalDate.now(ZoneOffset.UTC), limit);
        entries.forEach(a -> out().println(a.at() + " " + a.actor() + " " + a.action() + " " + a.entity() + " " + a.detail()));
        return 0;
    }
}
