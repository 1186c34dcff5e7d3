/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.inspection;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a server is on its cluster, from the informer caches (no request to the cluster, except the last log line of a
 * crashing container, fetched once per crash).
 *
 * @throws io.cengjiyun.api.NotFoundException from each method, for an unknown service, appmap or server
 */
@ProviderType
public interface Inspector {
    /** The server's live objects: controller, revisions, pods, Services with their endpoints, claims, autoscaler. */
    ServerObjectsView objects(String service, String appmap, String server);

    /** The events of all the server's objects, merged newest first, de-duplicated. */
    List<EventView> events(String service, String appmap, String server);

    /** The server's state with every cause found that keeps it from running, the first one first. */
    Diagnosis diagnose(String service, String appmap, String server);

    /** The appmap's servers by state, failing first with their cause, with pods and recent restarts. */
    AppMapOverview overview(String service, String appmap);
}
