/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection.internal;

import io.cengjiyun.cluster.CacheRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The kinds inspection reads beyond those every cluster caches: while this bundle runs, each cluster also caches the
 * platform's ReplicaSets, ControllerRevisions and Endpoints, and the events of its namespaces.
 */
@Component
public class InspectionCache implements CacheRequest {
    @Override
    public Set<Class<? extends HasMetadata>> kinds() {
        return OPTIONAL_KINDS;
    }
}
