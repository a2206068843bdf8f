package org.markauth.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The two-dc drill's view of a process's connections: the kernel's address notation, and a real socket found. */
class CqlConnectionsTest {

    @Test
    void readsTheKernelsIpv4NotationWordsInHostOrder() throws IOException {
        assertThat(CqlConnections.address("0B00007F:7162")).isEqualTo(new InetSocketAddress("127.0.0.11", 29026));
    }

    @Test
    void readsAnIpv4MappedIpv6AddressAsIpv4() throws IOException {
        assertThat(CqlConnections.address("0000000000000000FFFF00000D00007F:7164"))
                .isEqualTo(new InetSocketAddress("127.0.0.13", 29028));
    }

    @Test
    void findsThisProcesssOwnConnectionWithItsLocalPort() throws IOException {
        assumeThat(Files.isDirectory(Path.of("/proc/self/fd"))).as("Linux /proc").isTrue();
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            var mine = CqlConnections.connections(ProcessHandle.current().pid());
            assertThat(mine.get(new InetSocketAddress(server.getInetAddress(), server.getLocalPort())))
                    .contains(client.getLocalPort());
        }
    }
}
