package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private Redis killed (kill -9) under load and restarted empty: no scan lost, no 5xx. The shared
 * Redis is never touched: the drill starts its own redis-server on a free port, and the world
 * (verify-api included) is pointed at it before it is built.
 */
final class RedisDrill extends LoadDrill {

    private final int port;
    private Process redis;

    RedisDrill(DrillOptions options, DrillReport report) throws Exception {
        super(options, report);
        port = DrillWorld.freePort();
        start();
        // read by TestStack when the world is built: the drill's keyspace config names this Redis
        System.setProperty("markauth.redis.url", "redis://127.0.0.1:" + port);
    }

    private void start() throws Exception {
        Path dir = options.work().resolve("redis");
        Files.createDirectories(dir);
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(options.work().resolve("redis.log").toFile()))
                .start();
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                say("private redis-server on 127.0.0.1:" + port + " (pid " + redis.pid() + ")");
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("private redis-server did not start on port " + port);
    }

    @Override
    void fault(LoadRun run, DrillWorld world) throws Exception {
        run.sleepUntil(options.faultAt());
        run.faultStarts();
        say("FAULT kill -9 private redis-server (pid " + redis.pid() + ")");
        redis.destroyForcibly().waitFor();
        run.sleepUntil(options.recoverAt());
        run.recoveryStarts();
        say("RECOVER restarting redis-server on the same port (empty: no persistence)");
        start();
    }

    @Override
    void check(LoadRun.Outcome o, LoadRun run, DrillWorld world) {
        report.check(o.lost() == 0, "no acknowledged scan lost across the Redis outage (lost " + o.lost() + ")");
        report.check(o.fiveXX() == 0, "no 5xx while Redis was down (" + o.fiveXX() + ")");
        report.check(o.okDuringFault() > 0, "verification kept answering while Redis was down ("
                + o.okDuringFault() + " genuine verdicts)");
    }

    @Override
    public void close() {
        if (redis != null && redis.isAlive()) {
            redis.destroy();
        }
    }
}
