/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashes: PBKDF2 with HMAC-SHA256, a random 16-byte salt per password, and at least 600,000
 * iterations (OWASP's 2023 figure), stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (Base64).
 * The iterations are stored with the hash, so raising them later leaves old hashes verifiable and
 * {@link #needsRehash} upgrades them at the next sign-in.
 */
final class Passwords {
    static final int MIN_ITERATIONS = 600_000;
    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 256;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    /**
     * Verified against for unknown users, so that a wrong name takes as long as a wrong password. Made on first
     * need, not at start: one hash costs about half a second of CPU.
     */
    private volatile String decoy;

    Passwords(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "passwordIterations is " + iterations + ": use at least " + MIN_ITERATIONS);
        }
        this.iterations = iterations;
    }

    int iterations() {
        return iterations;
    }

    String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return format(iterations, salt, derive(password, salt, iterations));
    }

    /** True if the password matches the stored hash; false for a hash of unknown form. */
    boolean verify(char[] password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            verifyDecoy(password);
            return false;
        }
        try {
            int storedIterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, storedIterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Spends the time of one verification, for a user that does not exist. */
    void verifyDecoy(char[] password) {
        String d = decoy;
        if (d == null) {
            d = hash(Passwords.generate().toCharArray());
            decoy = d;
        }
        verify(password, d);
    }

    boolean needsRehash(String stored) {
        String[] parts = stored.split("\\$");
        return parts.length != 4 || !parts[0].equals(PREFIX) || Integer.parseInt(parts[1]) < iterations;
    }

    /** The stored iterations of a hash, for tests and diagnostics. */
    static int iterationsOf(String stored) {
        return Integer.parseInt(stored.split("\\$")[1]);
    }

    /** Null when the password is acceptable, else what is wrong with it. */
    static String problem(String password) {
        if (password == null || password.isEmpty()) {
            return "is missing: give a password of at least " + MIN_LENGTH + " characters";
        }
        if (password.length() < MIN_LENGTH) {
            return "has " + password.length() + " characters: use at least " + MIN_LENGTH;
        }
        if (password.length() > MAX_LENGTH) {
            return "has " + password.length() + " characters: use at most " + MAX_LENGTH;
        }
        if (password.isBlank()) {
            return "is blank: use letters, digits or symbols";
        }
        return null;
    }

    /** A random password of 24 letters and digits (about 143 bits). */
    static String generate() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        return Pbkdf2Sha256.derive(password, salt, iterations);
    }
}
