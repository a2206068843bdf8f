package org.markauth.issuer.certification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.markauth.issuer.audit.AuditEntry;
import org.markauth.issuer.registry.Districts;
import org.markauth.issuer.registry.Licence;

/** The view records of the console's certification pages (templates certification*.jte, experts.jte). */
public final class CertViews {

    private CertViews() {
    }

    /** One row of the list: the application, its licensee's name, its age in its state and whether that is past the SLA. */
    public record Row(Application app, String licenseeName, long ageDays, boolean overdue) {
    }

    /** The list of one state (null: every open state), the count per state, the renewal reminders. */
    public record List_(String state, List<String> states, Map<String, Integer> counts, List<Row> rows, List<Licence> expiring90,
                        Instant now, int defaultNoticeDays) {
        public boolean within30(Licence l) {
            return Duration.between(now, l.validUntil()).toDays() < 30;
        }
    }

    /** An expert of the panel choice: the expert and why the conflict rule refuses them (null: eligible). */
    public record Candidate(Expert expert, String refusal) {
    }

    /** The application's page: the application, evidence, scores, the panel's choices, the notice, the timeline. */
    public record App(Application app, String licenseeName, String district, List<EvidenceFile> evidence, List<Scores> scores,
                      List<Candidate> candidates, List<EvaluationBody> bodies, Notice notice, List<Objection> objections,
                      List<AuditEntry> timeline, boolean noticeOpen, long ageDays, boolean overdue,
                      long pendingObjections, String objectionsNext) {
        /** The next page of objections as a query value (the driver's token, URL-encoded), or null on the last page. */
        public String objectionsNextParam() {
            return objectionsNext == null ? null : java.net.URLEncoder.encode(objectionsNext, java.nio.charset.StandardCharsets.UTF_8);
        }

        public List<Criterion> criteria() {
            return List.of(Criterion.values());
        }

        public boolean is(String state) {
            return app.state().name().equals(state);
        }
    }

    /** The expert library and the evaluation bodies. */
    public record Library(List<Expert> experts, List<EvaluationBody> bodies, List<Districts.District> districts) {
        public String districtName(String code, boolean english) {
            return Districts.byCode(code).map(d -> d.name(english)).orElse(code);
        }
    }

    /** The portal's list: the licensee's applications, the standard versions it may apply under, the open-application cap. */
    public record PortalList(List<Application> apps, List<org.markauth.issuer.standards.Standards.Entry> standards, int maxOpen,
                             List<Certification.RenewalDue> due) {
        public long open() {
            return apps.stream().filter(a -> !a.state().isFinal()).count();
        }
    }

    /**
     * The portal's application page: what the applicant may see ({@link Certification#forViewer}),
     * its evidence, the panel's scores once decided (without the experts' names), its timeline, and
     * which forms its state allows.
     */
    public record PortalApp(Application app, List<EvidenceFile> evidence, List<Scores> scores, List<AuditEntry> timeline,
                            boolean takesEvidence, boolean mayWithdraw, int maxFiles, int maxMiB, long ageDays) {
        public List<Criterion> criteria() {
            return List.of(Criterion.values());
        }
    }

    /** A score as "80" or empty. */
    public static String score(Scores s, Criterion c) {
        Integer v = s.scores().get(c);
        return v == null ? "" : v.toString();
    }

    public static String mean(Scores s) {
        return String.format(java.util.Locale.ROOT, "%.1f", s.mean());
    }
}
