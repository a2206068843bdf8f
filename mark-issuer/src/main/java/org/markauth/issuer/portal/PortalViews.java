package org.markauth.issuer.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.markauth.access.Credential;
import org.markauth.issuer.activation.ActivationProgress;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.JobStatus;
import org.markauth.issuer.console.AlertWorkflow;
import org.markauth.issuer.console.Views;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.print.PrintLog;
import org.markauth.issuer.recall.RecallRequest;
import org.markauth.issuer.registry.Licence;
import org.markauth.issuer.registry.Product;

/**
 * What each portal template is fed: one record per page, data already read and numbers already
 * computed, so templates only lay out (the engine escapes). Public for the precompiled templates.
 */
public final class PortalViews {

    private PortalViews() {
    }

    /** A product with its licence (null when none): status as of now, expiry and the whole days left (negative: expired). */
    public record LicenceRow(Product product, Licence licence, String status, Long daysLeft) {
        static LicenceRow of(Product p, Licence l, Instant now) {
            if (l == null) {
                return new LicenceRow(p, null, null, null);
            }
            long days = Math.floorDiv(Duration.between(now, l.validUntil()).toHours(), 24);
            return new LicenceRow(p, l, l.effectiveStatus(now).name(), days);
        }

        public String expiry() {
            return licence == null ? "" : Views.time(licence.validUntil());
        }
    }

    public record Overview(int products, int batches, boolean moreBatches, int openAlerts, long pendingRequests,
                           List<LicenceRow> expiring, List<AlertWorkflow.Alert> alerts, int reportsToday) {
    }

    public record Products(List<LicenceRow> rows) {
    }

    /** A batch with its issuance job (null when none) and its activation progress. */
    public record BatchRow(Batch batch, JobStatus job, ActivationProgress progress) {
        public String jobState() {
            return job == null ? "" : job.state().name();
        }
    }

    /** A page of batches; {@code next} the link's {@code page} value (null on the last page). */
    public record Batches(List<BatchRow> rows, String next) {
        public String nextHref() {
            return next == null ? null : "/portal/batches?page=" + Views.param(next);
        }
    }

    /** One batch: its job, progress, a download for every print format, its downloads so far (newest first). */
    public record BatchPage(Batch batch, JobStatus job, ActivationProgress progress, List<PrintFormat> formats,
                            List<PrintLog.Download> downloads) {
        public String href(PrintFormat f) {
            return "/portal/batches/" + batch.batchId() + "/print/batch." + f.extension();
        }

        public String file(PrintFormat f) {
            return "batch." + f.extension();
        }

        public String jobState() {
            return job == null ? "" : job.state().name();
        }
    }

    public record Alerts(String status, List<String> statuses, List<AlertWorkflow.Alert> alerts) {
    }

    public record Alert(AlertWorkflow.Alert alert) {
        public String evidence() {
            try {
                return alert.evidence() == null ? "" : new io.vertx.core.json.JsonObject(alert.evidence()).encodePrettily();
            } catch (RuntimeException e) {
                return alert.evidence();
            }
        }
    }

    public record Reports(String day, String previous, String next, List<PortalData.Report> reports) {
    }

    /** The statistics page: the licensee's scans per day and where its newest batches were scanned. */
    public record Stats(Views.Stats chart, Views.HotSpots map) {
    }

    public record RecallRequests(List<RecallRequest> requests) {
    }

    public record Credentials(List<Credential> credentials, Instant now) {
        public String scopes(Credential c) {
            return c.scopes().stream().map(Enum::name).sorted().collect(java.util.stream.Collectors.joining(" "));
        }
    }

    /** The licensee's webhooks, the event types to choose from, and the one just made (its secret shown this once) or null. */
    public record Webhooks(List<org.markauth.issuer.notify.Webhooks.Webhook> webhooks, List<String> types,
                           org.markauth.issuer.notify.Webhooks.Created created) {
    }

    /** One webhook and its delivery log, newest event first. */
    public record WebhookLog(org.markauth.issuer.notify.Webhooks.Webhook webhook,
                             List<org.markauth.issuer.notify.Webhooks.Delivery> deliveries) {
    }

    /** The licensee's packing lines (docs/station.md) and a form for a new one. */
    public record Stations(List<org.markauth.issuer.station.Line> lines) {
    }

    /** One line: its batches, its station keys, and the key just issued (its token shown this once) or null. */
    public record Station(org.markauth.issuer.station.Line line, List<Credential> keys, Instant now, String issued) {
    }
}
