/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.monitoring;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The newest sampling round of each cluster, held in memory: what {@code cj:top} and the metrics API answer from. */
@ProviderType
public interface Samples {
    /** The newest round of the cluster, empty before the first one (or when the cluster has never answered). */
    Optional<ClusterSample> latest(String cluster);
}
