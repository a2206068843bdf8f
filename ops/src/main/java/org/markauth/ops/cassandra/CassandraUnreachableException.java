package org.markauth.ops.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import org.markauth.ops.OpsException;

/** No contact point answered CQL. */
public final class CassandraUnreachableException extends OpsException {
    public CassandraUnreachableException(CassandraEndpoint endpoint, AllNodesFailedException cause) {
        // The driver's per-node errors (netty channel exceptions) say little to an operator; they stay in the cause.
        super("cannot reach Cassandra at " + endpoint.describe() + " (local datacenter " + endpoint.localDc()
                + "): no contact point answered CQL. Is the stack up? Run ops/stack up, or fix MARKAUTH_CASSANDRA_CONTACT_POINTS", cause);
    }
}
