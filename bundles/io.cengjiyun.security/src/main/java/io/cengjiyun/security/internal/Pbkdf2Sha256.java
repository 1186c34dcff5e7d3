/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 with HMAC-SHA256 (RFC 8018), one 32-byte block, the password encoded as UTF-8: the same bytes as the Java
 * runtime's {@code PBKDF2WithHmacSHA256} (Pbkdf2Sha256Test compares the two over many inputs).
 * <p>
 * Why a second implementation: the runtime runs with C1 only (bin/cengjiyun), where the Java runtime's SHA-256 has no
 * intrinsic and its HMAC hashes the padded key again at every iteration (four compressions each, through byte
 * arrays): a sign-in took 2.2-2.9 s of CPU here. This one computes the key's inner and outer states once and keeps
 * each iteration's value as eight ints: two compressions, no allocation, 0.9-1.2 s with C1 only. With C2 the runtime's
 * intrinsic is faster (0.2-0.35 s against 0.5 s), so it is used whenever C2 is there.
 */
final class Pbkdf2Sha256 {
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    };
    private static final int[] INITIAL = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };
    private static final int BLOCK = 64;
    /** The length of the derived key: one block of HMAC-SHA256's output. */
    private static final int KEY_BYTES = 32;
    /** Whether this JVM compiles with C1 only (TieredStopAtLevel below 4): then this class's way is the faster. */
    static final boolean C1_ONLY = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .anyMatch(a -> a.matches("-XX:TieredStopAtLevel=[0-3]"));

    private Pbkdf2Sha256() {}

    /** The 32-byte key, by whichever implementation is the faster in this JVM. */
    static byte[] derive(char[] password, byte[] salt, int iterations) {
        return C1_ONLY ? own(password, salt, iterations) : runtimes(password, salt, iterations);
    }

    /** The Java runtime's implementation. */
    static byte[] runtimes(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** This class's implementation. */
    static byte[] own(char[] password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, not " + iterations);
        }
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] used = new byte[encoded.remaining()];
        encoded.get(used);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        if (used.length > BLOCK) { // HMAC: a key longer than a block is its hash
            byte[] hashed = sha256().digest(used);
            Arrays.fill(used, (byte) 0);
            used = hashed;
        }
        int[] inner = padded(used, 0x36);
        int[] outer = padded(used, 0x5c);
        Arrays.fill(used, (byte) 0);

        // U1 = HMAC(salt || INT(1)): the message after the key's block, of any length
        byte[] first = Arrays.copyOf(salt, salt.length + 4);
        first[salt.length + 3] = 1;
        int[] u = inner.clone();
        last(u, first, BLOCK);
        int[] w = new int[64];
        int[] state = new int[8];
        hashOfDigest(outer, u, w, u);
        int[] result = u.clone();
        for (int n = 1; n < iterations; n++) {
            hashOfDigest(inner, u, w, state); // the inner hash of the value before
            hashOfDigest(outer, state, w, u); // the outer hash of that
            for (int i = 0; i < 8; i++) {
                result[i] ^= u[i];
            }
        }
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < 8; i++) {
            out[4 * i] = (byte) (result[i] >>> 24);
            out[4 * i + 1] = (byte) (result[i] >>> 16);
            out[4 * i + 2] = (byte) (result[i] >>> 8);
            out[4 * i + 3] = (byte) result[i];
        }
        Arrays.fill(inner, 0);
        Arrays.fill(outer, 0);
        return out;
    }

    /**
     * Into {@code into}: the hash, from a key state (one block done), of a 32-byte message given as eight ints: one
     * block, the message, then the padding of a 96-byte whole.
     */
    private static void hashOfDigest(int[] from, int[] digest, int[] w, int[] into) {
        System.arraycopy(digest, 0, w, 0, 8);
        w[8] = 0x80000000;
        for (int i = 9; i < 15; i++) {
            w[i] = 0;
        }
        w[15] = (BLOCK + 32) * 8;
        System.arraycopy(from, 0, into, 0, 8);
        compress(into, w);
    }

    /** The state after one block of the key XOR {@code pad} (the key zero-padded to a block). */
    private static int[] padded(byte[] key, int pad) {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            block[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
        }
        int[] state = INITIAL.clone();
        int[] w = new int[64];
        words(block, 0, w);
        compress(state, w);
        Arrays.fill(block, (byte) 0);
        return state;
    }

    /** Hashes {@code message} and its padding into {@code state}, after {@code before} bytes already hashed. */
    private static void last(int[] state, byte[] message, long before) {
        int blocks = (message.length + 9 + BLOCK - 1) / BLOCK;
        byte[] padded = Arrays.copyOf(message, blocks * BLOCK);
        padded[message.length] = (byte) 0x80;
        long bits = (before + message.length) * 8;
        for (int i = 0; i < 8; i++) {
            padded[padded.length - 1 - i] = (byte) (bits >>> (8 * i));
        }
        int[] w = new int[64];
        for (int b = 0; b < blocks; b++) {
            words(padded, b * BLOCK, w);
            compress(state, w);
        }
    }

    private static void words(byte[] bytes, int offset, int[] w) {
        for (int i = 0; i < 16; i++) {
            int at = offset + 4 * i;
            w[i] = (bytes[at] & 0xff) << 24
                    | (bytes[at + 1] & 0xff) << 16
                    | (bytes[at + 2] & 0xff) << 8
                    | (bytes[at + 3] & 0xff);
        }
    }

    /** The SHA-256 compression of one block (its 16 words in {@code w}; the rest of {@code w} is overwritten). */
    private static void compress(int[] state, int[] w) {
        for (int t = 16; t < 64; t++) {
            int x = w[t - 2];
            int y = w[t - 15];
            int s1 = Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ (x >>> 10);
            int s0 = Integer.rotateRight(y, 7) ^ Integer.rotateRight(y, 18) ^ (y >>> 3);
            w[t] = s1 + w[t - 7] + s0 + w[t - 16];
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int h = state[7];
        for (int t = 0; t < 64; t++) {
            int t1 = h
                    + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + ((e & f) ^ (~e & g))
                    + K[t]
                    + w[t];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
