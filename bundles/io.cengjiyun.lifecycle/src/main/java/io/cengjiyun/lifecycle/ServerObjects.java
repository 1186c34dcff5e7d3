/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle;

import io.cengjiyun.api.ServerDefinition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Kubernetes objects one server is applied as: its controller (Deployment, StatefulSet, DaemonSet, Job or
 * CronJob) and what contributors add. Built fresh for each apply from the stored definition.
 *
 * <p>Owner references: the controller's uid is only known once it is applied, so contributors do not set them. The
 * lifecycle applies the controller first and then makes it the owner of every added object except
 * PersistentVolumeClaims, which outlive a stop and are deleted only when asked.
 */
@ProviderType
public interface ServerObjects {

    /** The service the server belongs to. */
    String service();

    /** The appmap the server belongs to. */
    String appMap();

    /**
     * The registered cluster the server is applied to, to look things up there (through
     * {@code io.cengjiyun.cluster.ClusterRegistry}); null when the objects are built without a cluster (tests).
     */
    String cluster();

    /** The namespace of the appmap: where every object of the server goes. */
    String namespace();

    /** The server's name, which is also its controller's. */
    String server();

    /** The stored definition being applied; it is valid. */
    ServerDefinition definition();

    /** The API versions the target cluster serves for the kinds that changed version between Kubernetes 1.20 and now. */
    ApiVersions apiVersions();

    /** The controller, to refer to (as an autoscaler's target); change its pods through {@link #podTemplate()}. */
    HasMetadata controller();

    /** The controller's pod template itself, not a copy: changes to it are applied. */
    PodTemplateSpec podTemplate();

    /**
     * Adds an object to apply with the server. It is put in the server's namespace and given the platform's labels,
     * which replace any of the same key it has.
     *
     * @throws IllegalArgumentException if the object names another namespace
     */
    void add(HasMetadata object);

    /** Every object to apply, the controller first, then the added ones in the order they were added. */
    List<HasMetadata> objects();
}
