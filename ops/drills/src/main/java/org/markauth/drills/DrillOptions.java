package org.markauth.drills;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The options every drill reads ({@link DrillMain} parses them). A count left unset takes the
 * scenario's own default, hence the {@code Optional}s.
 */
record DrillOptions(String scenario, Path work, int seconds, int faultAt, int recoverAt, Optional<String> faultCmd,
                    Optional<String> recoverCmd, int replicationFactor, String consistency, int marks,
                    Optional<Integer> concurrency, int requests, int settleSeconds, boolean keepKeyspace,
                    Optional<Path> baseClasses, int rounds, int instances, Optional<String> replication,
                    Map<String, String> datacenters, Optional<String> repairCmd, Optional<Path> previous) {

    String faultCommand() {
        return faultCmd.orElseThrow(() -> new IllegalArgumentException("--fault-cmd is required for " + scenario));
    }

    String recoverCommand() {
        return recoverCmd.orElseThrow(() -> new IllegalArgumentException("--recover-cmd is required for " + scenario));
    }
}
