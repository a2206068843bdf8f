package org.markauth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    @Test
    void flagsOverrideEnvironmentWhichOverridesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "http.port=1000\nhttp.host=filehost\ncassandra.keyspace=fromfile\n");
        ConfigSource src = ConfigSource.load(List.of("--config=" + file, "--http.port=3000"),
                Map.of("MARKAUTH_HTTP_PORT", "2000", "MARKAUTH_HTTP_HOST", "envhost"));
        ConfigReader r = new ConfigReader(src);

        assertThat(r.port("http.port", 1)).isEqualTo(3000);
        assertThat(r.string("http.host", "x")).isEqualTo("envhost");
        assertThat(r.string("cassandra.keyspace", "x")).isEqualTo("fromfile");
        r.finish();
    }

    @Test
    void badPortNamesTheKeyTheValueAndItsOrigin() {
        ConfigReader r = new ConfigReader(ConfigSource.load(List.of(), Map.of("MARKAUTH_HTTP_PORT", "70000")));

        assertThatThrownBy(() -> r.port("http.port", 8080))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http.port: '70000' is not a TCP port; use 1-65535 (0 picks a free port) (from environment MARKAUTH_HTTP_PORT)");
    }

    @Test
    void unknownKeyFromFlagsIsRejectedAtFinish() {
        ConfigReader r = new ConfigReader(ConfigSource.load(List.of("--http.prot=8080"), Map.of()));
        r.port("http.port", 8080);

        assertThatThrownBy(r::finish)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("http.prot: unknown configuration key (from flag --http.prot); known keys: http.port");
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnored() {
        ConfigReader r = new ConfigReader(ConfigSource.load(List.of(), Map.of("MARKAUTH_SOMETHING_ELSE", "1")));
        r.port("http.port", 8080);
        r.finish();
    }

    @Test
    void durationsNeedAUnitAndARange() {
        ConfigReader r = new ConfigReader(ConfigSource.of(Map.of("a", "5s", "b", "5", "c", "10d")));

        assertThat(r.duration("a", Duration.ZERO, Duration.ZERO, Duration.ofDays(1))).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> r.duration("b", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .hasMessageContaining("b: '5' is not a duration; write a number and a unit");
        assertThatThrownBy(() -> r.duration("c", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .hasMessageContaining("is out of range");
    }

    @Test
    void secretsMustBeReferencesAndNeverAppearInMessages() {
        ConfigReader r = new ConfigReader(ConfigSource.of(Map.of("cassandra.password", "hunter2")));

        assertThatThrownBy(() -> r.secret("cassandra.password"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("file:PATH or env:NAME")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void secretFromFileDropsTrailingNewline(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "s3cret\n");
        Secret s = new ConfigReader(ConfigSource.of(Map.of("x.password", "file:" + f))).secret("x.password").orElseThrow();

        assertThat(s.revealString()).isEqualTo("s3cret");
        assertThat(s.toString()).isEqualTo("file:" + f);
    }

    @Test
    void flagWithoutValueIsAClearError() {
        assertThatThrownBy(() -> ConfigSource.load(List.of("--http.port"), Map.of()))
                .hasMessage("http.port: flag --http.port has no value; use --http.port=VALUE");
    }
}
