/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.api.ServerKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindHandlersTest {
    @Test
    void everyKindHasItsOwnHandler() {
        for (ServerKind kind : ServerKind.values()) {
            assertEquals(kind, KindHandlers.of(kind).kind());
        }
    }

    @Test
    void onlyDeploymentAndStatefulSetHaveReplicasToScale() {
        assertEquals(
                List.of(ServerKind.Deployment, ServerKind.StatefulSet),
                Arrays.stream(ServerKind.values())
                        .filter(k -> KindHandlers.of(k).scalable())
                        .toList());
    }
}
