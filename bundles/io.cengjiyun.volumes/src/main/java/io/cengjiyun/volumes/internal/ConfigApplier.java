/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.volumes.internal;

import io.cengjiyun.api.AppMap;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Puts config maps and secrets on an appmap's cluster; an interface so that tests can record what was applied. */
interface ConfigApplier {
    /**
     * Applies the object by server-side apply (field manager {@code cengjiyun}).
     *
     * @throws io.cengjiyun.api.UnavailableException if the cluster does not answer
     * @throws io.cengjiyun.api.ValidationException if it refuses the object
     */
    void apply(AppMap appMap, HasMetadata object);

    /** Deletes the config map or secret of the name from the appmap's namespace; none there is fine. */
    void delete(AppMap appMap, ConfigKind kind, String name);
}
