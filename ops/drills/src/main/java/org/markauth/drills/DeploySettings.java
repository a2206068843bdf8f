package org.markauth.drills;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;
import org.yaml.snakeyaml.Yaml;

/**
 * What the Kubernetes manifests (ops/deploy/k8s/base) tell the platform about one service's rollout, read
 * from the files themselves so that the rolling-upgrade drill runs with exactly the settings it proves:
 * the readiness probe (path, period, timeout, failures), the preStop pause, the termination grace period,
 * the rollout's surge, and the service's own unready delay and drain from its ConfigMap properties.
 */
record DeploySettings(String service, String readinessPath, Duration probePeriod, Duration probeTimeout, int failureThreshold,
                      Duration preStop, Duration terminationGrace, String maxSurge, String maxUnavailable, Duration unreadyDelay,
                      String unreadyKey, Duration drain) {

    /** The manifests of {@code service} ("verify-api", "mark-issuer") in the repository this drill was built from. */
    static DeploySettings of(String service) throws IOException {
        Path base = repositoryRoot().resolve("ops/deploy/k8s/base");
        Path deployment = base.resolve(service).resolve("deployment.yaml");
        Map<String, Object> d;
        try (Reader r = Files.newBufferedReader(deployment)) {
            d = new Yaml().load(r);
        }
        Map<String, Object> spec = map(d, "spec", deployment);
        Map<String, Object> rolling = map(map(spec, "strategy", deployment), "rollingUpdate", deployment);
        Map<String, Object> pod = map(map(spec, "template", deployment), "spec", deployment);
        @SuppressWarnings("unchecked")
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).stream()
                .filter(c -> service.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new IllegalStateException(deployment + ": no container named " + service));
        Map<String, Object> probe = map(container, "readinessProbe", deployment);
        @SuppressWarnings("unchecked")
        List<String> preStop = (List<String>) map(map(map(container, "lifecycle", deployment), "preStop", deployment), "exec", deployment)
                .get("command");
        if (preStop == null || preStop.size() != 2 || !preStop.get(0).equals("sleep")) {
            throw new IllegalStateException(deployment + ": the drill models a preStop of [sleep, N], found " + preStop);
        }
        String prefix = service.equals("verify-api") ? "verify.shutdown." : "issuer.shutdown.";
        String key = prefix + "unready-delay";
        Properties config = new Properties();
        try (Reader r = Files.newBufferedReader(base.resolve("config").resolve(service + ".properties"))) {
            config.load(r);
        }
        return new DeploySettings(service, (String) map(probe, "httpGet", deployment).get("path"), seconds(probe, "periodSeconds", 10),
                seconds(probe, "timeoutSeconds", 1), ((Number) probe.getOrDefault("failureThreshold", 3)).intValue(),
                Duration.ofSeconds(Long.parseLong(preStop.get(1))), seconds(pod, "terminationGracePeriodSeconds", 30),
                String.valueOf(rolling.get("maxSurge")), String.valueOf(rolling.get("maxUnavailable")),
                duration(key, config.getProperty(key), Duration.ZERO), key,
                duration(prefix + "drain", config.getProperty(prefix + "drain"), Duration.ofSeconds(10)));
    }

    /** The manifests' settings in one line (the drill prints them). */
    String describe() {
        return String.format("%s: readiness %s every %d s (timeout %d s, out after %d failures), preStop sleep %d s, grace %d s, "
                        + "surge %s / unavailable %s, %s=%s", service, readinessPath, probePeriod.toSeconds(), probeTimeout.toSeconds(),
                failureThreshold, preStop.toSeconds(), terminationGrace.toSeconds(), maxSurge, maxUnavailable, unreadyKey, unreadyDelay);
    }

    /** The checkout: ops/drills/target/classes is four levels below it. */
    static Path repositoryRoot() {
        try {
            Path classes = Path.of(DeploySettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = classes; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("ops/deploy/k8s/base"))) {
                    return p;
                }
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no ops/deploy/k8s/base above the drills' classes: run the drill from a checkout");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key, Path file) {
        Object v = m.get(key);
        if (!(v instanceof Map)) {
            throw new IllegalStateException(file + ": no '" + key + "' mapping where the drill reads the rollout settings");
        }
        return (Map<String, Object>) v;
    }

    private static Duration seconds(Map<String, Object> m, String key, int dflt) {
        return Duration.ofSeconds(((Number) m.getOrDefault(key, dflt)).longValue());
    }

    /** The value as the service reads it (its own duration syntax; {@code dflt}, the service's default, when unset). */
    private static Duration duration(String key, String value, Duration dflt) {
        return new ConfigReader(ConfigSource.of(value == null ? Map.of() : Map.of(key, value)))
                .duration(key, dflt, Duration.ZERO, Duration.ofMinutes(5));
    }

    /** The longest a stop can take before the process has anything left to flush: preStop + unready delay + drain. */
    Duration stopBudget() {
        return preStop.plus(unreadyDelay).plus(drain);
    }
}
