package org.markauth.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Paths of Debian's chromium and chromedriver, which {@link WebDriver} drives headless. */
public record Browser(String chromium, String chromedriver) {

    /**
     * The browser, or the calling test is skipped (aborted, not failed) saying why: a machine
     * without Chromium cannot run a browser test, and says so instead of passing silently.
     */
    public static Browser require() throws Exception {
        Optional<Browser> found = locate();
        Assumptions.assumeTrue(found.isPresent(),
                "SKIPPED: Debian's chromium and chromium-driver are missing and cannot be installed (not root, no passwordless sudo)");
        return found.get();
    }

    /**
     * Finds chromium and chromedriver on PATH; when missing and running as root (or with passwordless
     * sudo), installs Debian's {@code chromium} and {@code chromium-driver} first. Empty when that is
     * impossible.
     */
    public static Optional<Browser> locate() throws Exception {
        if (which("chromium") == null || which("chromedriver") == null) {
            String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip();
            boolean root = "0".equals(uid);
            if (root || new ProcessBuilder("sudo", "-n", "true").start().waitFor() == 0) {
                String as = root ? "" : "sudo -n ";
                String install = as + "env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver";
                Process p = new ProcessBuilder("bash", "-c", install + " || (" + as + "apt-get update -q && " + install + ")")
                        .inheritIO().start();
                p.waitFor(10, TimeUnit.MINUTES);
            }
        }
        String c = which("chromium");
        String d = which("chromedriver");
        return c == null || d == null ? Optional.empty() : Optional.of(new Browser(c, d));
    }

    /** The executable {@code name} on PATH, or null. */
    public static String which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
