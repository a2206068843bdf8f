package org.markauth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static ConfigReader reader(Map<String, String> values) {
        return new ConfigReader(ConfigSource.of(values));
    }

    @Test
    void cassandraDefaultsSuitTheLocalStack() {
        CassandraSettings s = CassandraSettings.read(reader(Map.of()));

        assertThat(s.contactPoints()).hasSize(1);
        assertThat(s.contactPoints().get(0).getHostString()).isEqualTo("127.0.0.1");
        assertThat(s.contactPoints().get(0).getPort()).isEqualTo(9042);
        assertThat(s.localDatacenter()).isEqualTo("datacenter1");
        assertThat(s.consistency()).isEqualTo(CassandraSettings.Consistency.LOCAL_QUORUM);
    }

    @Test
    void cassandraAcceptsSeveralContactPointsAndRejectsBadOnes() {
        CassandraSettings s = CassandraSettings.read(reader(Map.of("cassandra.contact-points", "10.0.0.1,10.0.0.2:9142")));
        assertThat(s.contactPoints()).extracting(a -> a.getPort()).containsExactly(9042, 9142);

        assertThatThrownBy(() -> CassandraSettings.read(reader(Map.of("cassandra.contact-points", "host:99999"))))
                .hasMessageStartingWith("cassandra.contact-points: 'host:99999' is not a valid host:port");
        assertThatThrownBy(() -> CassandraSettings.read(reader(Map.of("cassandra.keyspace", "bad-name"))))
                .hasMessageStartingWith("cassandra.keyspace: 'bad-name' is not a keyspace name");
    }

    @Test
    void redisModesAreValidated() {
        assertThat(RedisSettings.read(reader(Map.of())).urls()).containsExactly("redis://127.0.0.1:6379");
        assertThatThrownBy(() -> RedisSettings.read(reader(Map.of("redis.mode", "sentinel",
                "redis.urls", "redis://a:26379,redis://b:26379"))))
                .hasMessageStartingWith("redis.master-name: is required when redis.mode=sentinel");
        assertThatThrownBy(() -> RedisSettings.read(reader(Map.of("redis.urls", "http://x"))))
                .hasMessageStartingWith("redis.urls: 'http://x' is not a redis:// or rediss:// URL");
        assertThat(RedisSettings.read(reader(Map.of("redis.mode", "cluster",
                "redis.urls", "redis://a:7000,redis://b:7001"))).toOptions().getEndpoints()).hasSize(2);
        assertThatThrownBy(() -> RedisSettings.read(reader(Map.of("redis.key-prefix", "ma{1}:"))))
                .hasMessageStartingWith("redis.key-prefix: must not contain { or }");
    }

    @Test
    void httpSettingsTrimTheBaseUrl() {
        HttpSettings h = HttpSettings.read(reader(Map.of("http.public-base-url", "https://v.example.cn/")), "http", 8080, 4096);
        assertThat(h.publicBaseUrl()).isEqualTo("https://v.example.cn");
        assertThat(h.port()).isEqualTo(8080);
    }
}
