package io.cengjiyun.volumes.internal;

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
 * Seals the data of secrets at rest with AES-256-GCM (a random 96-bit nonce per value, authenticated): what the
 * database holds is useless without the key. The key is 32 random bytes in a file readable by its owner only, made
 * on first use ({@code <data>/volumes.key}); keep it with backups of the database, apart from them. The same scheme
 * as the cluster bundle's credentials, with a key of its own.
 */
final class Sealer {
    private static final String PREFIX = "aesgcm1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    Sealer(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the secrets key must be 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    static Sealer random() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new Sealer(key);
    }

    /** The key of the file, made (owner-only) if the file does not exist. */
    static Sealer fromKeyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
            }
            return new Sealer(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read or make the key that seals the appmaps' secrets, " + file
                    + ": " + e.getMessage() + ". It must hold 32 bytes in Base64; if it was lost, remove it and set"
                    + " the secrets again.", e);
        }
    }

    static boolean isSealed(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this Java runtime", e);
        }
    }

    /** @throws IllegalStateException if the value was sealed with another key or changed since */
    String open(String sealed, String what) {
        if (!isSealed(sealed)) {
            throw new IllegalStateException("the stored data of " + what + " is not sealed by this platform");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored data of " + what + " cannot be opened with this platform's key"
                    + " (the key file changed, or the database was altered): set it again", e);
        }
    }
}
