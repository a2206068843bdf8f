package org.markauth.sdk.mark;

import java.util.List;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/** One plain and one GS1 mark on host MARKAUTH.CN, and a codec for that host, for the parser's rule tests. */
final class SampleMarks {
    static final MarkCodec CODEC = MarkCodec.create(List.of("MARKAUTH.CN"));
    static final SignedMark MARK;
    static final SignedMark GS1;

    static {
        MarkKeyPair keys = TestKeys.keyPair(SignatureAlgorithm.ED25519, 1);
        MarkSigner signer = MarkSigner.create(keys.algorithm(), keys.privateKey());
        MARK = signer.sign(new MarkContent(7, 8, Serial.ofHex("0123456789abcdef")));
        GS1 = signer.sign(new MarkContent(7, 8, Serial.ofHex("0123456789abcdef"), Gtin.withCheckDigit("0690123456789")));
    }

    private SampleMarks() {
    }
}
