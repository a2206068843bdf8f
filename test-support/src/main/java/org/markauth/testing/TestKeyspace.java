package org.markauth.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import org.markauth.config.CassandraSettings;

/**
 * A throw-away keyspace with every migration applied and no rows, and a session bound to it.
 * {@link #close()} closes the session and hands the keyspace back, emptied, for a later test class of
 * this JVM (see {@link TestStack#freshKeyspace}); {@link #drop()} drops it at once.
 */
public final class TestKeyspace implements AutoCloseable {
    private final String name;
    private final CqlSession session;
    private final CassandraSettings settings;
    private final Runnable release;
    private final Runnable drop;

    TestKeyspace(String name, CqlSession session, CassandraSettings settings, Runnable release, Runnable drop) {
        this.name = name;
        this.session = session;
        this.settings = settings;
        this.release = release;
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

    /**
     * Closes the session and hands the keyspace back: emptied, it serves a later test class of this JVM
     * (dropped instead when its schema was changed), and it is dropped when the JVM exits.
     */
    @Override
    public void close() {
        try {
            session.close();
        } finally {
            release.run();
        }
    }

    /** Closes the session and drops the keyspace now (a drill's keyspace, or one a test must see gone). */
    public void drop() {
        try {
            session.close();
        } finally {
            drop.run();
        }
    }
}
