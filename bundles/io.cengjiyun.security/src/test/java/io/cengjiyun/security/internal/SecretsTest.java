/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final String BASE64URL_43 = "[A-Za-z0-9_-]{43}";

    @Test
    void newTokenIsThePrefixAnd43Base64urlCharacters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = Secrets.newToken();
            assertTrue(token.matches("cjt_" + BASE64URL_43), token);
            assertTrue(Secrets.looksLikeToken(token), token);
            assertTrue(seen.add(token), "issued twice: " + token);
        }
    }

    @Test
    void hashIsSha256HexAndDeterministic() {
        String token = Secrets.newToken();
        String hash = Secrets.hash(token);
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
        assertEquals(hash, Secrets.hash(token));
        assertFalse(hash.contains(token.substring(4)));
        // A known value, so the stored form cannot change unnoticed (sha256 of "abc").
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Secrets.hash("abc"));
    }

    @Test
    void aTamperedTokenHasADifferentHash() {
        String token = Secrets.newToken();
        for (int position : new int[] {4, 20, token.length() - 1}) {
            char c = token.charAt(position);
            String tampered = token.substring(0, position) + (c == 'A' ? 'B' : 'A') + token.substring(position + 1);
            assertNotEquals(token, tampered);
            assertTrue(Secrets.looksLikeToken(tampered), "still of the right form: " + tampered);
            assertNotEquals(Secrets.hash(token), Secrets.hash(tampered));
        }
    }

    @Test
    void looksLikeTokenRefusesWrongPrefixLengthOrCharacters() {
        String body = Secrets.newToken().substring(4);
        assertTrue(Secrets.looksLikeToken("cjt_" + body));
        assertFalse(Secrets.looksLikeToken(null));
        assertFalse(Secrets.looksLikeToken(""));
        assertFalse(Secrets.looksLikeToken("cjt_"));
        assertFalse(Secrets.looksLikeToken("cjx_" + body));
        assertFalse(Secrets.looksLikeToken("CJT_" + body));
        assertFalse(Secrets.looksLikeToken(body + "cjt_"));
        assertFalse(Secrets.looksLikeToken("cjt_" + body.substring(1)));
        assertFalse(Secrets.looksLikeToken("cjt_" + body + "A"));
        assertFalse(Secrets.looksLikeToken(" cjt_" + body.substring(1)));
        for (char bad : new char[] {'+', '/', '=', ' ', '.', '$', '\n', '\u0000'}) {
            String text = "cjt_" + body.substring(0, 42) + bad;
            assertFalse(Secrets.looksLikeToken(text), "accepted " + (int) bad);
        }
    }

    /** A token is Base64url: ASCII letters, digits, '-' and '_'; other letters and digits never reach a lookup. */
    @Test
    void looksLikeTokenRefusesNonAsciiLettersAndDigits() {
        String body = Secrets.newToken().substring(4, 46);
        assertFalse(Secrets.looksLikeToken("cjt_" + body + "é"));
        assertFalse(Secrets.looksLikeToken("cjt_" + body + "\u0663"));
    }

    @Test
    void csrfIsDeterministicPerTokenAndDiffersAcrossTokens() {
        String a = Secrets.newToken();
        String b = Secrets.newToken();
        assertEquals(Secrets.csrf(a), Secrets.csrf(a));
        assertNotEquals(Secrets.csrf(a), Secrets.csrf(b));
        assertTrue(Secrets.csrf(a).matches(BASE64URL_43), Secrets.csrf(a));
        assertNotEquals(a.substring(4), Secrets.csrf(a));
    }

    @Test
    void idsAre16HexDigitsAndDiffer() {
        String a = Secrets.newId();
        String b = Secrets.newId();
        assertTrue(a.matches("[0-9a-f]{16}"), a);
        assertNotEquals(a, b);
    }
}
