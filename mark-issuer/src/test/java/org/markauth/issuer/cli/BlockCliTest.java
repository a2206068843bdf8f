package org.markauth.issuer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The block commands' shape; what they do is the Blocks service's (ClonesIT). */
class BlockCliTest {

    @Test
    void blockListsShowSetAndUnblock() {
        String[] r = IssuerCliTest.run("block", "--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("show", "set", "unblock");
    }

    @Test
    void unblockingWithoutAReasonIsRefusedBeforeAnythingIsTouched() {
        String[] r = IssuerCliTest.run("block", "unblock", "12", "00000000000000ff");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--reason");
    }
}
