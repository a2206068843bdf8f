package org.markauth.drills;

/** One drill: what it does to a {@link DrillWorld} whose verify-api is live, and what it checks. */
interface Scenario extends AutoCloseable {

    void run(DrillWorld world) throws Exception;

    /** Whether the driver starts the world's verify-api before {@link #run} (the rolling upgrade runs its own instances). */
    default boolean startsVerify() {
        return true;
    }

    /** What the scenario started beside the world (a private Redis ...); nothing by default. */
    @Override
    default void close() {
    }
}
