package org.markauth.drills;

/** One drill: what it does to a {@link DrillWorld} whose verify-api is live, and what it checks. */
interface Scenario extends AutoCloseable {

    void run(DrillWorld world) throws Exception;

    /** What the scenario changes in every verify-api's settings (the world's first one included); nothing by default. */
    default java.util.Map<String, String> verifySettings() {
        return java.util.Map.of();
    }

    /** Whether the driver starts the world's verify-api before {@link #run} (the rolling upgrade runs its own instances). */
    default boolean startsVerify() {
        return true;
    }

    /** What the scenario started beside the world (a private Redis ...); nothing by default. */
    @Override
    default void close() {
    }
}
