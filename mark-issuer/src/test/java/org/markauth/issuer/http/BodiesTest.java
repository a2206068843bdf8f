package org.markauth.issuer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class BodiesTest {

    private static final int EVIDENCE = 1024 * 1024;

    @Test
    void uploadRoutesHaveTheEvidenceLimitWhateverTheServiceLimitIs() {
        Bodies wide = new Bodies(64 * 1024 * 1024, EVIDENCE);
        assertThat(wide.limit("/portal/applications/x/evidence")).isEqualTo(EVIDENCE + Bodies.FORM_OVERHEAD);
        assertThat(wide.limit("/console/certification/x/evidence")).isEqualTo(EVIDENCE + Bodies.FORM_OVERHEAD);
        assertThat(wide.limit("/api/v1/certification/applications/x/evidence")).isEqualTo(EVIDENCE + Bodies.FORM_OVERHEAD);
        assertThat(wide.limit("/api/v1/epcis/capture")).isEqualTo(64 * 1024 * 1024);
        assertThat(wide.limit("/api/v1/products")).isEqualTo(Bodies.JSON_LIMIT);
    }

    @Test
    void eachInstanceUploadsIntoAFolderOfItsOwnThatOnlyItsOwnerMayEnter() throws Exception {
        Bodies one = new Bodies(EVIDENCE, EVIDENCE);
        Bodies two = new Bodies(EVIDENCE, EVIDENCE);
        assertThat(one.uploadsDirectory()).isNotEqualTo(two.uploadsDirectory());
        for (Bodies b : new Bodies[] {one, two}) {
            assertThat(Files.getPosixFilePermissions(b.uploadsDirectory())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }
}
