package org.markauth.verify.app;

import io.vertx.core.Vertx;
import java.time.Clock;
import org.markauth.config.ConfigException;
import org.markauth.config.ConfigSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verify-api process: load and validate the configuration (file &lt; environment &lt; flags),
 * start one {@link VerifyServer}, and stop it gracefully on SIGTERM/SIGINT (drain in-flight
 * requests, flush scan records) before the JVM exits.
 */
public final class VerifyMain {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyMain.class);

    private VerifyMain() {
    }

    public static void main(String[] args) throws Exception {
        VerifyConfig config;
        try {
            config = VerifyConfig.load(ConfigSource.fromProcess(args));
        } catch (ConfigException e) {
            System.err.println("verify-api: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        VerifyServer server;
        try {
            server = VerifyServer.start(vertx, config, Clock.systemUTC()).await();
        } catch (Exception e) {
            LOG.error("verify-api failed to start: {}", e.getMessage());
            vertx.close().await();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: draining requests and flushing scan records");
            try {
                server.stop().await();
                vertx.close().await();
            } catch (Exception e) {
                LOG.error("graceful stop incomplete: {}", e.getMessage());
            }
        }, "verify-shutdown"));
    }
}
