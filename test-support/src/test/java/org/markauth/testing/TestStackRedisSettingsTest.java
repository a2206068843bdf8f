package org.markauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;
import org.markauth.config.RedisSettings;

/** The Redis settings a drill hands its services (TestStack.redisSettings) are ones the services accept. */
class TestStackRedisSettingsTest {

    private static final List<String> KEYS = List.of("markauth.redis.mode", "markauth.redis.urls", "markauth.redis.master-name");

    @AfterEach
    void clear() {
        KEYS.forEach(System::clearProperty);
    }

    @Test
    void withNothingSetTheServicesGetTheStacksStandaloneRedis() {
        KEYS.forEach(System::clearProperty);
        if (System.getenv("MARKAUTH_REDIS_URLS") == null && System.getenv("MARKAUTH_REDIS_MODE") == null) {
            assertThat(TestStack.redisSettings("redis://127.0.0.1:6379")).isEqualTo(Map.of("redis.urls", "redis://127.0.0.1:6379"));
        }
    }

    @Test
    void aSentinelSetIsPassedAsModeUrlsAndMasterName() {
        System.setProperty("markauth.redis.mode", "sentinel");
        System.setProperty("markauth.redis.urls", "redis://127.0.0.1:26301,redis://127.0.0.1:26302,redis://127.0.0.1:26303");
        System.setProperty("markauth.redis.master-name", "markauth");

        RedisSettings s = RedisSettings.read(new ConfigReader(ConfigSource.of(TestStack.redisSettings("redis://127.0.0.1:6379"))));

        assertThat(s.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
        assertThat(s.urls()).hasSize(3).first().isEqualTo("redis://127.0.0.1:26301");
        assertThat(s.masterName()).isEqualTo(Optional.of("markauth"));
    }
}
