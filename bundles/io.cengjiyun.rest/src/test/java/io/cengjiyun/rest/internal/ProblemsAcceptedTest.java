/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsAcceptedTest {
    @Test
    void aClientThatAcceptsOnlyProblemDetailsIsTheOneHelped() {
        assertTrue(ProblemsAccepted.onlyProblems(List.of(MediaType.valueOf("application/problem+json"))));
        assertTrue(ProblemsAccepted.onlyProblems(List.of(MediaType.valueOf("Application/Problem+JSON;q=0.9"))));
    }

    @Test
    void anyOtherAcceptIsLeftAsItIs() {
        assertFalse(ProblemsAccepted.onlyProblems(List.of()));
        assertFalse(ProblemsAccepted.onlyProblems(List.of(MediaType.WILDCARD_TYPE)));
        assertFalse(ProblemsAccepted.onlyProblems(
                List.of(MediaType.valueOf("application/problem+json"), MediaType.APPLICATION_JSON_TYPE)));
        assertFalse(ProblemsAccepted.onlyProblems(List.of(MediaType.valueOf("text/plain"))));
    }
}
