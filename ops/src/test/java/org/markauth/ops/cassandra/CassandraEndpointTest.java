package org.markauth.ops.cassandra;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraEndpointTest {

    @Test
    void parsesContactPointsWithDefaultPort() {
        CassandraEndpoint e = CassandraEndpoint.parse("10.0.0.1:9043, cass2", "dc1");
        assertThat(e.describe()).isEqualTo("10.0.0.1:9043,cass2:9042");
        assertThat(e.localDc()).isEqualTo("dc1");
    }

    @Test
    void rejectsBadPortsWithTheValue() {
        assertThatThrownBy(() -> CassandraEndpoint.parse("127.0.0.1:99999", "dc1")).hasMessageContaining("port 99999, outside 1-65535");
        assertThatThrownBy(() -> CassandraEndpoint.parse("127.0.0.1:x", "dc1")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> CassandraEndpoint.parse(" , ", "dc1")).hasMessageContaining("contact points are missing");
    }

    @Test
    void systemPropertiesWinOverEnvironmentWhichWinsOverDefaults() {
        Properties none = new Properties();
        assertThat(CassandraEndpoint.fromEnvironment(Map.of(), none).describe()).isEqualTo("127.0.0.1:9042");
        assertThat(CassandraEndpoint.fromEnvironment(Map.of("MARKAUTH_CASSANDRA_PORT", "9142"), none).describe()).isEqualTo("127.0.0.1:9142");
        Properties props = new Properties();
        props.setProperty("markauth.cassandra.contact-points", "h:1");
        assertThat(CassandraEndpoint.fromEnvironment(Map.of("MARKAUTH_CASSANDRA_CONTACT_POINTS", "e:2"), props).describe()).isEqualTo("h:1");
    }
}
