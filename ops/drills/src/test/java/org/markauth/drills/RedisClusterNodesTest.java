package org.markauth.drills;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the drill tells whose a node's client is, from CLIENT LIST lines as Redis 7.0 writes them. */
class RedisClusterNodesTest {

    static String line(long id, int clientPort, int nodePort) {
        return "id=" + id + " addr=127.0.0.1:" + clientPort + " laddr=127.0.0.1:" + nodePort + " fd=9 name= age=1 idle=1 flags=P"
                + " db=0 sub=1 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0"
                + " tot-mem=1800 events=r cmd=subscribe user=default redir=-1 resp=2";
    }

    @Test
    void aClientIsKnownByBothEndsOfItsConnection() {
        RedisClusterNodes.Client c = RedisClusterNodes.client(line(42, 51234, 7202)).orElseThrow();
        assertThat(c.id()).isEqualTo(42);
        assertThat(c.connection()).isEqualTo(RedisClusterNodes.connection(51234, 7202));
    }

    @Test
    void twoConnectionsFromTheSameLocalPortToDifferentNodesAreTwo() {
        // Linux gives one local port to connections to different peers: a process's subscription on node 2 and another
        // process's connection to node 3 may share it, and must not be taken for each other
        assertThat(RedisClusterNodes.client(line(1, 51234, 7202)).orElseThrow().connection())
                .isNotEqualTo(RedisClusterNodes.client(line(2, 51234, 7203)).orElseThrow().connection());
    }

    @Test
    void otherLinesAreNoClient() {
        assertThat(RedisClusterNodes.client("")).isEmpty();
        assertThat(RedisClusterNodes.client("ERR unknown command")).isEmpty();
        assertThat(RedisClusterNodes.client("id=7 fd=9 name=")).isEmpty();
    }
}
