/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cengjiyun.inspection.ServerObjectsView.Controller;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ViewsTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @SuppressWarnings("unchecked")
    private static final Function<HasMetadata, Map<String, Object>> TO_MAP =
            o -> SERIALIZATION.convertValue(o, Map.class);

    @Test
    void eachKindsCountsAndConditionsAreReadFromWhereTheKindKeepsThem() {
        Controller deployment = Views.controller(
                new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withGeneration(3L)
                        .withAnnotations(Map.of("cengjiyun.io/revision", "2"))
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(2)
                        .endSpec()
                        .withNewStatus()
                        .withObservedGeneration(3L)
                        .withReplicas(3)
                        .withUpdatedReplicas(1)
                        .withReadyReplicas(2)
                        .withAvailableReplicas(2)
                        .addNewCondition()
                        .withType("Progressing")
                        .withStatus("True")
                        .withReason("ReplicaSetUpdated")
                        .endCondition()
                        .endStatus()
                        .build(),
                TO_MAP);
        assertEquals("Deployment", deployment.kind());
        assertEquals(2L, deployment.revision());
        assertEquals(3L, deployment.observedGeneration());
        assertEquals(
                "2 3 1 2 2",
                deployment.desired() + " " + deployment.current() + " " + deployment.updated() + " "
                        + deployment.ready() + " " + deployment.available());
        assertEquals("Progressing", deployment.conditions().get(0).type());
        assertEquals("ReplicaSetUpdated", deployment.conditions().get(0).reason());

        Controller daemons = Views.controller(
                new DaemonSetBuilder()
                        .withNewMetadata()
                        .withName("agent")
                        .endMetadata()
                        .withNewStatus()
                        .withDesiredNumberScheduled(1)
                        .withCurrentNumberScheduled(1)
                        .withUpdatedNumberScheduled(1)
                        .withNumberReady(0)
                        .withNumberAvailable(0)
                        .endStatus()
                        .build(),
                TO_MAP);
        assertEquals(
                "DaemonSet 1 1 1 0 0 null",
                daemons.kind() + " " + daemons.desired() + " " + daemons.current() + " " + daemons.updated() + " "
                        + daemons.ready() + " " + daemons.available() + " " + daemons.revision());
    }
}
