package org.markauth.drills;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real verify-api ({@code VerifyMain}) as a child JVM on this classpath ({@link ServiceProcess}),
 * so that a drill can kill it with SIGKILL and start it again over the same spill directory.
 */
final class VerifyProcess extends ServiceProcess {

    final int port;

    /** @param name its config and log files' name in the work folder ("verify-api", "verify-api-2") */
    VerifyProcess(String name, int port, Path work, DrillWorld world, Map<String, String> settings, String scenario) throws Exception {
        super(name, "verify-api", work, settings, scenario, "512m", "org.markauth.verify.app.VerifyMain", List.of(),
                () -> world.send(port, io.vertx.core.http.HttpMethod.GET, "/health/live", null, null).map(DrillWorld.Reply::status));
        this.port = port;
    }

    /**
     * Scans the current generation replayed from the journal an earlier one left (its log's
     * "replaying N scans from journal segment" lines), 0 when none.
     */
    long replayedAfterRestart() throws java.io.IOException {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("replaying (\\d+) scans from journal segment");
        long n = 0;
        for (String l : java.nio.file.Files.readAllLines(log())) {
            java.util.regex.Matcher m = p.matcher(l);
            if (m.find()) {
                n += Long.parseLong(m.group(1));
            }
        }
        return n;
    }
}
