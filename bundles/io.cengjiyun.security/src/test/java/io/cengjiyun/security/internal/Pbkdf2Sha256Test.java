/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The platform's PBKDF2-HMAC-SHA256 gives the bytes of RFC 7914's vector and of the Java runtime's, for any input. */
class Pbkdf2Sha256Test {
    @Test
    void rfc7914sVectorOfOneIteration() {
        // RFC 7914, section 11: PBKDF2-HMAC-SHA-256 (P="passwd", S="salt", c=1), the first 32 bytes
        assertArrayEquals(
                HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"),
                Pbkdf2Sha256.own("passwd".toCharArray(), "salt".getBytes(), 1));
    }

    @Test
    void theSameBytesAsTheJavaRuntimesForManyInputs() {
        Random random = new Random(42);
        String alphabet = "abcXYZ019 !$€ü字\uD83D\uDE00"; // one, two, three and four bytes in UTF-8
        for (int n = 0; n < 300; n++) {
            // passwords up to 300 characters: keys under, at and over a block (64 bytes), hashed first when over
            int length = n < 70 ? n : random.nextInt(301);
            StringBuilder password = new StringBuilder();
            while (password.length() < length) {
                int at = random.nextInt(alphabet.length() - 1);
                password.append(alphabet.charAt(at));
                if (Character.isHighSurrogate(alphabet.charAt(at))) {
                    password.append(alphabet.charAt(at + 1));
                }
            }
            byte[] salt = new byte[1 + random.nextInt(100)]; // over a block too (U1's message)
            random.nextBytes(salt);
            int iterations = 1 + random.nextInt(40);
            char[] chars = password.toString().toCharArray();
            assertArrayEquals(
                    Pbkdf2Sha256.runtimes(chars, salt, iterations),
                    Pbkdf2Sha256.own(chars, salt, iterations),
                    "password of " + chars.length + " chars, salt of " + salt.length + " bytes, " + iterations
                            + " iterations");
        }
    }

    @Test
    void theSameBytesAsTheJavaRuntimesAtThePlatformsIterations() {
        byte[] salt = new byte[16];
        new Random(7).nextBytes(salt);
        char[] password = "correct horse battery".toCharArray();
        assertArrayEquals(
                Pbkdf2Sha256.runtimes(password, salt, Passwords.MIN_ITERATIONS),
                Pbkdf2Sha256.own(password, salt, Passwords.MIN_ITERATIONS));
    }

    @Test
    void noIterationsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Pbkdf2Sha256.own("x".toCharArray(), new byte[16], 0));
    }
}
