package org.markauth.issuer.keys;

import java.util.Arrays;
import org.markauth.issuer.serial.SerialPermutation;

/**
 * Loads the programme's one serial-permutation key (created on first use). It is never rotated:
 * uniqueness across batches rests on every serial coming from the same permutation.
 */
public final class SerialKeys {

    static final String NAME = "serial-prp";

    private SerialKeys() {
    }

    public static SerialPermutation load(SecretStore secrets) {
        SecretStore.Stored s = secrets.getOrCreate(NAME, () -> SecretStore.random32("AES256-FEISTEL4"));
        byte[] key = secrets.open(NAME, s);
        try {
            return new SerialPermutation(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
