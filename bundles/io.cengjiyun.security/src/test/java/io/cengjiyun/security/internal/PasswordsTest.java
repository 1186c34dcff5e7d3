/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One PBKDF2 hash at 600,000 iterations costs about half a second here, so the class hashes twice, once,
 * and every test reuses those two hashes.
 */
class PasswordsTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Passwords PASSWORDS = new Passwords(Passwords.MIN_ITERATIONS);
    private static String first;
    private static String second;

    @BeforeAll
    static void hashTwice() {
        first = PASSWORDS.hash(PASSWORD.toCharArray());
        second = PASSWORDS.hash(PASSWORD.toCharArray());
    }

    @Test
    void hashHasTheDocumentedFormat() {
        // 16 bytes of salt and 32 bytes of hash, Base64 without padding.
        assertTrue(first.matches("pbkdf2-sha256\\$600000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), first);
        assertEquals(16, Base64.getDecoder().decode(first.split("\\$")[2]).length);
        assertEquals(32, Base64.getDecoder().decode(first.split("\\$")[3]).length);
        assertFalse(first.contains(PASSWORD));
    }

    @Test
    void iterationsAreAtLeastTheOwaspFigure() {
        assertTrue(Passwords.iterationsOf(first) >= 600_000);
        assertEquals(600_000, Passwords.iterationsOf(first));
        assertEquals(600_000, PASSWORDS.iterations());
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[2], second.split("\\$")[2]);
    }

    @Test
    void verifyAcceptsTheRightPassword() {
        assertTrue(PASSWORDS.verify(PASSWORD.toCharArray(), first));
    }

    @Test
    void verifyRefusesAWrongPassword() {
        assertFalse(PASSWORDS.verify("correct horse batterY".toCharArray(), second));
    }

    @Test
    void verifyRefusesGarbageStoredStrings() {
        // Cheap forms first: none of them may throw or match.
        assertFalse(PASSWORDS.verify(PASSWORD.toCharArray(), "pbkdf2-sha256$600000$!!not base64!!$!!"));
        assertFalse(PASSWORDS.verify(PASSWORD.toCharArray(), "pbkdf2-sha256$many$AAAA$AAAA"));
        assertFalse(PASSWORDS.verify(PASSWORD.toCharArray(), "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAA"));
        assertFalse(PASSWORDS.verify(PASSWORD.toCharArray(), "pbkdf2-sha256$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA"));
        // Unknown forms cost a decoy verification: two of them only.
        assertFalse(PASSWORDS.verify(PASSWORD.toCharArray(), "md5$" + PASSWORD));
        assertFalse(PASSWORDS.verify(PASSWORD.toCharArray(), null));
    }

    @Test
    void verifyHonoursTheIterationsStoredWithAnOlderHash() throws Exception {
        String old = hashWith(1_000, PASSWORD);
        assertTrue(PASSWORDS.verify(PASSWORD.toCharArray(), old));
        assertFalse(PASSWORDS.verify("another password".toCharArray(), old));
    }

    @Test
    void constructorRefusesFewerIterations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Passwords(599_999));
        assertTrue(e.getMessage().contains("600000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Passwords(10_000));
        assertThrows(IllegalArgumentException.class, () -> new Passwords(0));
        assertEquals(700_000, new Passwords(700_000).iterations());
    }

    @Test
    void needsRehashWhenStoredIterationsAreBelowTheConfiguredOnes() throws Exception {
        assertFalse(PASSWORDS.needsRehash(first));
        assertTrue(new Passwords(700_000).needsRehash(first));
        assertTrue(PASSWORDS.needsRehash(hashWith(1_000, PASSWORD)));
        assertTrue(PASSWORDS.needsRehash("md5$whatever"));
    }

    @Test
    void problemNamesMissingShortBlankAndLongPasswords() {
        assertNotNull(Passwords.problem(null));
        assertNotNull(Passwords.problem(""));
        String tooShort = Passwords.problem("elevenchars");
        assertNotNull(tooShort);
        assertTrue(tooShort.contains("11") && tooShort.contains("12"), tooShort);
        assertNotNull(Passwords.problem(" ".repeat(12)));
        assertNotNull(Passwords.problem("\t \n".repeat(10)));
        String tooLong = Passwords.problem("x".repeat(257));
        assertNotNull(tooLong);
        assertTrue(tooLong.contains("256"), tooLong);
    }

    @Test
    void problemAcceptsPasswordsFrom12To256Characters() {
        assertNull(Passwords.problem("twelve-chars"));
        assertNull(Passwords.problem("x".repeat(256)));
        assertNull(Passwords.problem("  spaces around  "));
        assertNull(Passwords.problem("密码密码密码密码密码密码"));
    }

    @Test
    void generatedPasswordsAre24LettersAndDigitsAndDifferEachTime() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String generated = Passwords.generate();
            assertEquals(24, generated.length());
            assertTrue(generated.matches("[A-Za-z0-9]{24}"), generated);
            assertNull(Passwords.problem(generated));
            assertTrue(seen.add(generated), "generated twice: " + generated);
        }
    }

    /** A hash of the stored form, made at fewer iterations than Passwords allows (as an older release might have). */
    private static String hashWith(int iterations, String password) throws Exception {
        byte[] salt = new byte[16];
        salt[0] = 42;
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                .getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
