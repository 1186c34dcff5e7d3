/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.lifecycle.internal.manage;

import io.cengjiyun.api.HierarchyStore;
import io.cengjiyun.api.ServerDeployment;
import io.cengjiyun.api.event.DomainEvents;
import io.cengjiyun.lifecycle.internal.RolloutEvents;

/** Servers managers for the tests of other packages, without OSGi. */
public final class ServersManagers {
    private ServersManagers() {}

    public static ServersManager of(
            HierarchyStore store, ServerDeployment deployment, DomainEvents events, RolloutEvents rollouts) {
        return new ServersManager(store, deployment, events, rollouts::watch);
    }
}
