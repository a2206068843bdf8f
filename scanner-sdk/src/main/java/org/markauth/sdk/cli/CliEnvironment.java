package org.markauth.sdk.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.markauth.sdk.http.JdkTransport;
import org.markauth.sdk.http.Transport;

/**
 * What the CLI takes from the outside world, injected once by {@link MarkauthCli#main} (tests pass
 * their own): output streams, environment variables, the home directory, the clock and the HTTP
 * transport.
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> env, Path userHome, Clock clock,
                             Transport transport) {
    public CliEnvironment {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(userHome, "userHome");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(transport, "transport");
    }

    public static CliEnvironment system() {
        return new CliEnvironment(new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8), System.getenv(),
                Path.of(System.getProperty("user.home")), Clock.systemUTC(), JdkTransport.create(Duration.ofSeconds(3)));
    }
}
