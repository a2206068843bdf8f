package org.markauth.drills;

import java.nio.charset.StandardCharsets;

/**
 * The Redis Cluster hash slot of a key, computed here as the Redis Cluster specification defines it
 * (CRC16-XMODEM of the key, or of its hash tag: the text between the first '{' and the next '}' when
 * that is not empty, modulo 16384), so that the drill can say where a key must live without asking
 * the node that holds it.
 */
final class HashSlot {

    static final int SLOTS = 16384;

    private HashSlot() {
    }

    static int of(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        int to = k.length;
        int open = indexOf(k, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(k, (byte) '}', open + 1);
            if (close > open + 1) {
                from = open + 1;
                to = close;
            }
        }
        return crc16(k, from, to) & (SLOTS - 1);
    }

    /** The hash tag the slot is computed from, or null when the whole key is hashed. */
    static String tag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : null;
    }

    /** CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as in the specification's crc16.c. */
    static int crc16(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (b[i] & 0xff) << 8;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
