package org.markauth.registry;

/**
 * The CQL of an alert's move, once for both services (each prepares and runs it its own way: the
 * issuer blocking on a worker, verify-api asynchronously). A move is, in this order:
 * <ol>
 * <li>{@link #SET_STATUS}: a lightweight transaction on {@code alert_by_id} (two people acting at
 *     once cannot both move it; who loses is told so), also setting {@code taken_by};</li>
 * <li>{@link #REMOVE_FROM} the old status partition of {@code alerts_by_status} and
 *     {@link #ADD_TO} the new one (the list row carries region and taker, so lists are one read);</li>
 * <li>{@link #HISTORY}: a row of {@code alert_history} with who, when and the note.</li>
 * </ol>
 * An outcome recorded by the officer who took the alert ({@link #SET_FINDING}) is a history row
 * from INVESTIGATING to INVESTIGATING: the alert stays with the regulator to confirm or dismiss.
 */
public final class AlertMove {

    /** Bind: alert_id. */
    public static final String READ = "SELECT alert_id, at, status, rule, batch_id, serial, product_id, summary, evidence, "
            + "region, taken_by, finding FROM alert_by_id WHERE alert_id = ?";
    /** Bind: new status, taken_by, alert_id, old status. */
    public static final String SET_STATUS = "UPDATE alert_by_id SET status = ?, taken_by = ? WHERE alert_id = ? IF status = ?";
    /** Bind: old status, at. */
    public static final String REMOVE_FROM = "DELETE FROM alerts_by_status WHERE status = ? AND at = ?";
    /** Bind: new status, at, alert_id, rule, batch_id, serial, product_id, summary, region, taken_by. */
    public static final String ADD_TO = "INSERT INTO alerts_by_status (status, at, alert_id, rule, batch_id, serial, product_id, "
            + "summary, region, taken_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Bind: alert_id, at (time UUID), actor, from, to, note. */
    public static final String HISTORY = "INSERT INTO alert_history (alert_id, at, actor, from_status, to_status, note) "
            + "VALUES (?, ?, ?, ?, ?, ?)";
    /** Bind: alert_id. Oldest first. */
    public static final String READ_HISTORY = "SELECT at, actor, from_status, to_status, note FROM alert_history WHERE alert_id = ?";
    /** Bind: finding, alert_id, taken_by — the officer who took it records one outcome. */
    public static final String SET_FINDING = "UPDATE alert_by_id SET finding = ? WHERE alert_id = ? "
            + "IF status = 'INVESTIGATING' AND taken_by = ? AND finding = null";
    /** Bind: finding, alert_id — the regulator may record it for whoever took it. */
    public static final String SET_FINDING_ANY_TAKER = "UPDATE alert_by_id SET finding = ? WHERE alert_id = ? "
            + "IF status = 'INVESTIGATING' AND finding = null";
    /** Bind: status, limit. Newest first. */
    public static final String LIST = "SELECT at, alert_id, rule, batch_id, serial, product_id, summary, region, taken_by "
            + "FROM alerts_by_status WHERE status = ? LIMIT ?";

    /** The note of an outcome's history row, as the console shows it. */
    public static String outcomeNote(String finding, String inspection, String note) {
        StringBuilder b = new StringBuilder("outcome: ").append(finding);
        if (inspection != null && !inspection.isEmpty()) {
            b.append(" (inspection ").append(inspection).append(')');
        }
        if (note != null && !note.isBlank()) {
            b.append(" — ").append(note.strip());
        }
        return b.toString();
    }

    private AlertMove() {
    }
}
