package org.markauth.drills;

/** One drill: what it does to a {@link DrillWorld} whose verify-api is live, and what it checks. */
interface Scenario extends AutoCloseable {

    void run(DrillWorld world) throws Exception;

    /** What the scenario started beside the world (a private Redis ...); nothing by default. */
    @Override
    default void close() {
    }
}
