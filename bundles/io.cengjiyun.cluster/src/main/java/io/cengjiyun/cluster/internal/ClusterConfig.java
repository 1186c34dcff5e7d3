/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.cluster.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code io.cengjiyun.cluster} (etc/io.cengjiyun.cluster.cfg). */
@ObjectClassDefinition(name = "Cengjiyun clusters")
public @interface ClusterConfig {
    @AttributeDefinition(description = "The file of the key that seals cluster credentials; empty: <data>/cluster.key")
    String keyFile() default "";

    @AttributeDefinition(
            description = "A folder of <name>.kubeconfig files, each registered as the cluster <name> (and"
                    + " re-keyed when it changes); empty: <etc>/clusters")
    String kubeconfigDir() default "";

    @AttributeDefinition(
            description = "Seconds between two checks of each cluster (reachability, version, API versions)")
    int refreshSeconds() default 30;

    @AttributeDefinition(description = "Seconds the platform waits for a cluster's API server to answer a request")
    int requestTimeoutSeconds() default 10;

    @AttributeDefinition(
            description = "Seconds between two heartbeats of each cluster (GET /readyz, half the unreachable time at"
                    + " most to answer)")
    int heartbeatSeconds() default 1;

    @AttributeDefinition(
            description = "Seconds without an answer (and two failed heartbeats) after which a cluster is unreachable:"
                    + " its servers say UNKNOWN and actions on it answer 503 at once")
    int unreachableAfterSeconds() default 3;
}
