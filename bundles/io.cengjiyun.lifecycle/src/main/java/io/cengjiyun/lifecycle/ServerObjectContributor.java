/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import io.cengjiyun.api.AppMap;
import io.cengjiyun.api.FieldError;
import io.cengjiyun.api.ServerDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Contributes to a server about to be applied: adds objects (a Service, a PersistentVolumeClaim, an autoscaler,
 * an Ingress...) or changes its pod template (volumes, a sidecar, labels). Ports, volumes and autoscaling plug in
 * through it; a bundle that registers one is used by every server on its next apply.
 *
 * <p>Contributors run on every apply and must give the same result for the same definition: the objects are
 * applied as desired state, not added once.
 */
@ConsumerType
public interface ServerObjectContributor {

    /**
     * Adds to or changes {@code objects}; throws {@link io.cengjiyun.api.ValidationException} naming the field of the
     * definition it cannot honour.
     */
    void contribute(ServerObjects objects);

    /**
     * The top-level sections of a server definition this contributor owns, each with its JSON Schema (as JSON text):
     * {@code ports}, {@code volumes}, {@code autoscaling}, or a section of an extension bundle such as {@code hello}.
     * A definition that has a section no running contributor owns is refused (503 naming the section and the bundle
     * that would own it), rather than stored and applied without it. The schemas are shown in {@code /openapi.json}.
     */
    default Map<String, String> sectionSchemas() {
        return Map.of();
    }

    /**
     * Every problem of the sections this contributor owns in {@code definition}, each naming its field from the
     * top of the definition ({@code <section>.<field>}, {@code ports[0].name}); none by default. Called before
     * anything is stored, with the definition's core fields already checked; it must not call a cluster (that is
     * {@link #contribute}'s, when the objects are built).
     *
     * @param appMap the appmap the server belongs to
     */
    default List<FieldError> validate(AppMap appMap, ServerDefinition definition) {
        return List.of();
    }

    /**
     * The sections this contributor owns: those of {@link #sectionSchemas()} unless it says otherwise.
     *
     * @deprecated declare the sections with {@link #sectionSchemas()}, which gives their schemas too
     */
    @Deprecated
    default Set<String> handles() {
        return sectionSchemas().keySet();
    }
}
