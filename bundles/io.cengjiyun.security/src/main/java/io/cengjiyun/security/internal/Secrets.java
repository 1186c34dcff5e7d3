/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: {@code cjt_} and 43 Base64url characters (256 random bits). Only the SHA-256 of a token is
 * stored: a token is random and long, so a fast hash is as strong as a slow one, and every request can be
 * checked by one indexed lookup. A token's id (shown in lists, used to revoke it) is separate and public.
 */
final class Secrets {
    static final String TOKEN_PREFIX = "cjt_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TOKEN_PREFIX + B64.encodeToString(bytes);
    }

    static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** True if the text has the form of a token; anything else is refused without a lookup. */
    static boolean looksLikeToken(String text) {
        return text != null
                && text.length() == TOKEN_PREFIX.length() + 43
                && text.startsWith(TOKEN_PREFIX)
                && text.substring(TOKEN_PREFIX.length())
                        .chars()
                        .allMatch(c -> c >= 'A' && c <= 'Z'
                                || c >= 'a' && c <= 'z'
                                || c >= '0' && c <= '9'
                                || c == '-'
                                || c == '_');
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /**
     * The CSRF token of a session: derived from the session's secret, so it needs no storage, and only
     * whoever was given it (the console, in the body of the sign-in answer) can send it.
     */
    static String csrf(String sessionToken) {
        return B64.encodeToString(sha256("csrf|" + sessionToken));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
