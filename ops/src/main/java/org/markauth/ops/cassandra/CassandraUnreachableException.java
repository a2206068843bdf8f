package org.markauth.ops.cassandra;

import org.markauth.ops.OpsException;

/** No contact point answered CQL. */
public final class CassandraUnreachableException extends OpsException {
    /**
     * @param contactPoints where we looked, as {@code host:port,host:port}
     * @param localDc       the local datacenter asked for
     */
    public CassandraUnreachableException(String contactPoints, String localDc, Throwable cause) {
        // The driver's per-node errors (netty channel exceptions) say little to an operator; they stay in the cause.
        super("cannot reach Cassandra at " + contactPoints + " (local datacenter " + localDc
                + "): no contact point answered CQL. Is the stack up? Run ops/stack up, or fix MARKAUTH_CASSANDRA_CONTACT_POINTS", cause);
    }
}
