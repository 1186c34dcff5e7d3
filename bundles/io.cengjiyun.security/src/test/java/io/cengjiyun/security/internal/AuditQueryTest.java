/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ValidationException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filters of GET /audit: AuditResource.query parses and checks them before any database work. */
class AuditQueryTest {

    @Test
    void noFiltersMeansEverythingWithTheDefaultLimit() {
        AuditRows.Query q = AuditResource.query(null, null, null, null, null, null);
        assertEquals(new AuditRows.Query(null, null, null, null, null, 100), q);
        assertEquals(100, AuditResource.query("", " ", "", " ", "", "  ").limit());
        assertNull(AuditResource.query("", " ", "", " ", "", "  ").service());
        assertNull(AuditResource.query("", " ", "", " ", "", "  ").user());
    }

    @Test
    void parsesTheFilters() {
        AuditRows.Query q =
                AuditResource.query(" shop ", "ana", "2026-01-01T00:00:00Z", "2026-01-02T12:30:00.5Z", "42", " 1000 ");
        assertEquals("shop", q.service());
        assertEquals("ana", q.user());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), q.since());
        assertEquals(Instant.parse("2026-01-02T12:30:00.500Z"), q.until());
        assertEquals(42L, q.before());
        assertEquals(1000, q.limit());
        assertEquals(1, AuditResource.query(null, null, null, null, null, "1").limit());
    }

    @Test
    void refusesTimesThatAreNotUtcInstants() {
        for (String bad :
                new String[] {"yesterday", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z", "1700000000"}) {
            assertEquals(List.of("since"), fields(() -> AuditResource.query(null, null, bad, null, null, null)), bad);
            assertEquals(List.of("until"), fields(() -> AuditResource.query(null, null, null, bad, null, null)), bad);
        }
    }

    @Test
    void refusesLimitsOutside1To1000() {
        for (String bad : new String[] {"0", "1001", "-5", "ten", "1.5", "99999999999999999999"}) {
            ValidationException e = assertThrows(
                    ValidationException.class, () -> AuditResource.query(null, null, null, null, null, bad), bad);
            assertEquals(
                    List.of("limit"), e.errors().stream().map(FieldError::field).toList(), bad);
            assertTrue(
                    e.errors().get(0).message().contains("1000"),
                    e.errors().get(0).message());
        }
    }

    @Test
    void refusesABadBefore() {
        assertEquals(List.of("before"), fields(() -> AuditResource.query(null, null, null, null, "0", null)));
        assertEquals(List.of("before"), fields(() -> AuditResource.query(null, null, null, null, "x", null)));
    }

    @Test
    void refusesUntilNotAfterSince() {
        assertEquals(
                List.of("until"),
                fields(() ->
                        AuditResource.query(null, null, "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", null, null)));
        assertEquals(
                List.of("until"),
                fields(() ->
                        AuditResource.query(null, null, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", null, null)));
    }

    @Test
    void namesEveryBadFilterAtOnce() {
        List<String> named = fields(() -> AuditResource.query(null, null, "soon", "later", "-1", "0"));
        assertEquals(List.of("since", "until", "before", "limit"), named);
    }

    private static List<String> fields(Runnable call) {
        ValidationException e = assertThrows(ValidationException.class, call::run);
        e.errors()
                .forEach(error ->
                        assertTrue(error.message() != null && !error.message().isBlank()));
        return e.errors().stream().map(FieldError::field).toList();
    }
}
