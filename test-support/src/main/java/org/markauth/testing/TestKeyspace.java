package org.markauth.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import org.markauth.config.CassandraSettings;

/**
 * A throw-away keyspace with every migration applied, and a session bound to it.
 * {@link #close()} closes the session and drops the keyspace.
 */
public final class TestKeyspace implements AutoCloseable {
    private final String name;
    private final CqlSession session;
    private final CassandraSettings settings;
    private final Runnable drop;

    TestKeyspace(String name, CqlSession session, CassandraSettings settings, Runnable drop) {
        this.name = name;
        this.session = session;
        this.settings = settings;
        this.drop = drop;
    }

    public String name() {
        return name;
    }

    /** A session bound to this keyspace (unqualified table names work). */
    public CqlSession session() {
        return session;
    }

    /** The services' configuration of Cassandra, pointing at this keyspace (for the code under test). */
    public CassandraSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            drop.run();
        }
    }
}
