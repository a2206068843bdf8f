package org.markauth.sdk.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.markauth.sdk.http.JdkTransport;
import org.markauth.sdk.http.Transport;

/**
 * What the CLI takes from the outside world, injected once by {@link MarkauthCli#main} (tests pass
 * their own): input and output streams, environment variables, the home directory, the clock and
 * the HTTP transport.
 */
public record CliEnvironment(BufferedReader in, PrintWriter out, PrintWriter err, Map<String, String> env, Path userHome,
                             Clock clock, Transport transport) {
    public CliEnvironment {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(userHome, "userHome");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(transport, "transport");
    }

    public static CliEnvironment system() {
        return new CliEnvironment(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.getenv(),
                Path.of(System.getProperty("user.home")), Clock.systemUTC(), JdkTransport.create(Duration.ofSeconds(3)));
    }
}
