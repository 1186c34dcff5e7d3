/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static io.cengjiyun.store.internal.Fixtures.definition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cengjiyun.api.ValidationException;
import org.junit.jupiter.api.Test;

class ServerDefinitionsTest {

    @Test
    void aDefinitionWithoutNameTakesThePathsName() {
        assertEquals(definition("web", "nginx:1.27"), ServerDefinitions.forPath("web", definition(null, "nginx:1.27")));
    }

    @Test
    void aDefinitionWithThePathsNamePasses() {
        assertEquals(
                definition("web", "nginx:1.27"), ServerDefinitions.forPath("web", definition("web", "nginx:1.27")));
    }

    @Test
    void aDefinitionNamingAnotherServerIsInvalidOnName() {
        ValidationException e = assertThrows(
                ValidationException.class, () -> ServerDefinitions.forPath("web", definition("api", "nginx:1.27")));

        assertEquals("name", e.errors().get(0).field());
        assertEquals(422, e.status());
    }
}
