package org.markauth.issuer.supervision;

import java.time.Instant;

/**
 * The lab's result for one core indicator of a task: the value as reported, pass or fail, and whether
 * the registry judged it against the indicator's limits ({@code LIMITS}) or the lab recorded it
 * ({@code LAB}, for an indicator without numeric limits), with the lab and its report number.
 */
public record LabResult(String indicator, String value, boolean pass, String judgedBy, String lab, String reportNo,
                        String recordedBy, Instant recordedAt) {
}
