/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.rest.Problem;
import org.junit.jupiter.api.Test;

class RuntimeProblemsTest {

    @Test
    void aBadUriSaysWhatToCheckAndQuotesJettysReason() {
        Problem p = RuntimeProblems.of(400, "GET", "Ambiguous URI path parameter", null, 16384, null);

        assertEquals("https://cengjiyun.io/problems/malformed", p.type());
        assertEquals("Bad Request", p.title());
        assertTrue(
                p.detail().startsWith("The request could not be read (Ambiguous URI path parameter): check its URL"));
        assertNull(p.instance());
    }

    @Test
    void aHostTheCertificateIsNotForIsNamedAsSuch() {
        Problem p = RuntimeProblems.of(400, "GET", "Invalid SNI", null, 16384, null);

        assertTrue(p.detail().contains("not one the runtime's certificate is for"), p.detail());
    }

    @Test
    void headersTooLargeSayTheLimit() {
        Problem p = RuntimeProblems.of(431, "GET", null, "/api/v1/health", 16384, null);

        assertEquals("https://cengjiyun.io/problems/headers-too-large", p.type());
        assertTrue(p.detail().contains("at most 16384 bytes"), p.detail());
        assertEquals("/api/v1/health", p.instance());
    }

    @Test
    void anUnknownMethodIs501NamingTheServedOnes() {
        Problem p = RuntimeProblems.of(501, "FOO", null, null, 0, null);

        assertEquals("Not Implemented", p.title());
        assertTrue(p.detail().contains("FOO is not implemented: the runtime serves GET, HEAD"), p.detail());
    }

    @Test
    void anInternalErrorGivesAnIdNotTheException() {
        Problem p = RuntimeProblems.of(500, "GET", "boom", null, 0, new IllegalStateException("secret detail"));

        assertTrue(p.detail().contains("logged under id"), p.detail());
        assertTrue(!p.detail().contains("secret detail") && !p.detail().contains("boom"), p.detail());
    }

    @Test
    void quotedTextKeepsToOnePrintableLine() {
        assertEquals("a?b", RuntimeProblems.echo("a\0b\r\nX-Injected: 1"));
        assertEquals("x".repeat(120) + "...", RuntimeProblems.echo("x".repeat(500)));
    }
}
