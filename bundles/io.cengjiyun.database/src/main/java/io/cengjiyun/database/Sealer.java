/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.database;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals values at rest with AES-256-GCM (a random 96-bit nonce per value, authenticated): what the database holds is
 * useless without the key, and a changed byte is detected. The key is 32 random bytes in a file readable by its owner
 * only, made on first use; each bundle keeps its own (e.g. {@code <data>/cluster.key}, {@code <data>/volumes.key}).
 * Keep the key files with backups of the database, apart from them.
 */
public final class Sealer {
    private static final String PREFIX = "aesgcm1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @throws IllegalArgumentException unless the key is 32 bytes */
    public Sealer(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a sealing key must be 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A sealer with a fresh random key (tests). */
    public static Sealer random() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new Sealer(key);
    }

    /**
     * The sealer of the key in {@code file}, made (owner-only) if the file does not exist.
     *
     * @param sealedWhat what the key seals, for the error, e.g. "cluster credentials"
     * @param ifLost     what to do if the key is lost, e.g. "register the clusters again"
     * @throws IllegalStateException if the file cannot be read or made, or holds no key
     */
    public static Sealer fromKeyFile(Path file, String sealedWhat, String ifLost) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
            }
            return new Sealer(Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Cannot read or make the key that seals " + sealedWhat + ", " + file + ": " + e.getMessage()
                            + ". It must hold 32 bytes in Base64; if it was lost, remove it and " + ifLost + ".",
                    e);
        }
    }

    /** True if the text is a value sealed by a sealer. */
    public static boolean isSealed(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                                    .put(nonce)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this Java runtime", e);
        }
    }

    /**
     * Opens a sealed value.
     *
     * @param what what the value is, for the error, e.g. "the credentials of cluster 'local'"
     * @param fix  what to do if it cannot be opened, e.g. "register the cluster again"
     * @throws IllegalStateException if the value is not sealed, was sealed with another key, or changed since
     */
    public String open(String sealed, String what, String fix) {
        if (!isSealed(sealed)) {
            throw new IllegalStateException("the stored " + what + " is not sealed by this platform");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the stored " + what + " cannot be opened with this platform's key (the key"
                            + " file changed, or the database was altered): " + fix,
                    e);
        }
    }
}
