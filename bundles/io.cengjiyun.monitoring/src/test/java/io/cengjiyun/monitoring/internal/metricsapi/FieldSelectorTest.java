/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring.internal.metricsapi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FieldSelectorTest {
    @Test
    void nameAndNamespaceWithEachOperator() {
        assertTrue(FieldSelector.parse("metadata.name=web-1").matches("dev", "web-1"));
        assertTrue(FieldSelector.parse("metadata.name==web-1").matches("dev", "web-1"));
        assertFalse(FieldSelector.parse("metadata.name!=web-1").matches("dev", "web-1"));
        assertTrue(
                FieldSelector.parse("metadata.namespace=dev,metadata.name!=x").matches("dev", "web-1"));
        assertTrue(FieldSelector.parse("").matches("dev", "anything"));
    }

    @Test
    void anotherFieldIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FieldSelector.parse("spec.nodeName=n1"));
        assertTrue(e.getMessage().contains("only metadata.name and metadata.namespace"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FieldSelector.parse("metadata.name"));
    }
}
