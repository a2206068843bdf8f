package org.markauth.sdk.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;

/**
 * The figure docs/mark-format.md states: a status list for 10 million marks with 1 % of them
 * listed (100 000 units), in 100 batches of 100 000 units, serials random 64-bit values as the
 * issuer's permutation makes them. Measured, not estimated: the signed document is encoded and
 * its bytes counted, plus what HTTP gzip (deflate) makes of it. Run it to print the figures.
 */
class StatusListSizeTest {

    @Test
    void tenMillionMarksWithOnePercentListed() throws Exception {
        int batches = 100;
        int perBatch = 1000;   // 1 % of 100 000
        SplittableRandom random = new SplittableRandom(13);
        List<BatchStatus> records = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            long[] serials = random.longs(perBatch).distinct().toArray();
            records.add(new BatchStatus(0x1a2b3c4d, 1000 + b, 100_000 + b, false, new long[0], new long[0], serials));
        }
        StatusList list = new StatusList(1, TestKeys.T0, TestKeys.T0.plusSeconds(300), records);
        MarkKeyPair root = TestKeys.keyPair(SignatureAlgorithm.ED25519, 100);
        MarkKeyPair key = TestKeys.keyPair(SignatureAlgorithm.ED25519, 300);
        Delegation d = Delegation.issue(RawSigner.create(SignatureAlgorithm.ED25519, root.privateKey()), KeyUse.STATUS,
                SignatureAlgorithm.ED25519, key.publicKey(), TestKeys.T0, TestKeys.T0.plusSeconds(86400));
        byte[] doc = new StatusListSigner(RawSigner.create(SignatureAlgorithm.ED25519, key.privateKey()), d).full(list);

        long units = (long) batches * perBatch;
        long expected = StatusListCodec.HEADER_BYTES + 4 + batches * (long) BatchStatus.FIXED_BYTES + units * 8
                + Delegation.length(SignatureAlgorithm.ED25519) + 64;
        assertThat(list.unitCount()).isEqualTo(units);
        assertThat((long) doc.length).isEqualTo(expected);

        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(z, new Deflater(Deflater.BEST_COMPRESSION))) {
            out.write(doc);
        }
        // serials are random 64-bit values: neighbours in sorted order share about one leading byte, less than
        // deflate's 3-byte minimum match, so HTTP compression gains nothing (measured: within 0.1 % of the raw size)
        assertThat(Math.abs(z.size() - doc.length)).isLessThan(doc.length / 100);
        System.out.printf("status list, 10M marks, 1%% listed (%d units in %d batches): %d bytes signed (%.1f bytes/unit),"
                + " %d bytes deflated (%.1f bytes/unit)%n", units, batches, doc.length, doc.length / (double) units, z.size(),
                z.size() / (double) units);

        // a delta that lists one more unit in one batch costs one batch record, not the list
        List<BatchStatus> changed = new ArrayList<>(records);
        long[] more = java.util.Arrays.copyOf(records.get(0).blocked(), perBatch + 1);
        more[perBatch] = 42;
        changed.set(0, new BatchStatus(0x1a2b3c4d, 1000, 100_000, false, new long[0], new long[0], more));
        StatusList next = new StatusList(2, TestKeys.T0.plusSeconds(60), TestKeys.T0.plusSeconds(360), changed);
        byte[] delta = new StatusListSigner(RawSigner.create(SignatureAlgorithm.ED25519, key.privateKey()), d).delta(list, next);
        System.out.printf("delta adding one unit to a batch of %d listed: %d bytes%n", perBatch, delta.length);
        assertThat(delta.length).isLessThan(doc.length / 50);
    }
}
