package org.markauth.ops.schema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationTest {

    @Test
    void parsesSimpleStrategy() {
        Replication r = Replication.parse("SimpleStrategy:1");
        assertThat(r.toCql()).isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThat(r).hasToString("SimpleStrategy:1");
    }

    @Test
    void parsesNetworkTopologyWithPerDatacenterFactors() {
        Replication r = Replication.parse("NetworkTopologyStrategy:eu-west=3,ap_east=2");
        assertThat(r.toCql()).isEqualTo("{'class': 'NetworkTopologyStrategy', 'eu-west': 3, 'ap_east': 2}");
        assertThat(r).hasToString("NetworkTopologyStrategy:eu-west=3,ap_east=2");
    }

    @Test
    void rejectsMalformedSpecsWithTheExpectedForm() {
        assertThatThrownBy(() -> Replication.parse("SimpleStrategy")).hasMessageContaining("expected SimpleStrategy:<factor>");
        assertThatThrownBy(() -> Replication.parse("SimpleStrategy:x")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> Replication.parse("SimpleStrategy:0")).hasMessageContaining("between 1 and 32");
        assertThatThrownBy(() -> Replication.parse("LocalStrategy:1")).hasMessageContaining("unknown strategy");
        assertThatThrownBy(() -> Replication.parse("NetworkTopologyStrategy:dc1=3,dc1=2")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> Replication.parse("NetworkTopologyStrategy:dc'1=3")).hasMessageContaining("datacenter name");
    }
}
